"""Raw tables: key_prefix and group_name from module constants, kinds, docstrings."""

import dagster as dg

PREFIX = "raw"
GROUP = "ingest"
REGION = "eu"


@dg.asset(key_prefix=[PREFIX], group_name=GROUP, kinds={"python", "duckdb"})
def orders() -> None:
    """Raw orders, one row per order line.

    Loaded every night from the shop database.
    """


@dg.asset(key_prefix=PREFIX, group_name=GROUP, compute_kind="sql")
def customers() -> None:
    """  Raw customers.

      Indented second paragraph.
    """


@dg.asset(key_prefix=PREFIX, group_name=GROUP)
def cleaned_orders(orders: None) -> None:
    """The parameter `orders` is raw/orders: Dagster matches it within the group."""


@dg.asset(
    name=f"{REGION}_sales",
    group_name="sales",
    description="Sales in " + "Europe",
    ins={"orders": dg.AssetIn(key_prefix=PREFIX)},
    deps=[dg.AssetKey([PREFIX, "customers"])],
)
def sales(orders: None) -> None: ...


external_table = dg.AssetSpec(
    key=["s3", "landing", "events"],
    group_name="external",
    description="Events dropped by the tracker",
    kinds={"s3"},
)
