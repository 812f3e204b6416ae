"""Keys written with key=, name=, AssetKey and specs; observable sources; graph assets."""

import dagster as dg

SCHEMA = "crm"


@dg.asset(key=["crm", "accounts"], group_name=SCHEMA)
def accounts_table() -> None: ...


@dg.asset(name="contacts", key_prefix=[SCHEMA], group_name=SCHEMA)
def load_contacts() -> None: ...


@dg.observable_source_asset(group_name="external", description="Upstream file drop")
def file_drop() -> dg.DataVersion:
    return dg.DataVersion("1")


@dg.op
def double(value: int) -> int:
    return value * 2


@dg.graph_asset(group_name=SCHEMA)
def doubled_accounts(accounts: int) -> int:
    return double(accounts)


@dg.multi_asset(
    specs=[
        dg.AssetSpec("leads", group_name="sales", kinds={"salesforce"}),
        dg.AssetSpec(["sales", "opportunities"], deps=["leads"], description="Open deals"),
    ]
)
def salesforce_sync():
    yield dg.MaterializeResult(asset_key="leads")
    yield dg.MaterializeResult(asset_key=["sales", "opportunities"])


warehouse = dg.AssetSpec("warehouse_snapshot", group_name="external", owners=["ops@example.com"])
