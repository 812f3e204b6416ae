import dagster as dg


@dg.asset(
    key_prefix="shop",
    group_name="finance",
    tags={"team": "finance", "pii": "no"},
    kinds={"snowflake"},
    owners=["team:finance"],
    deps=["orders"],
)
def revenue() -> None:
    """Revenue per day."""


@dg.multi_asset(
    specs=[
        dg.AssetSpec("margin", description="Margin per product"),
        dg.AssetSpec("costs", group_name="finance", tags={"source": "erp"}),
    ]
)
def margin_and_costs():
    ...


@dg.observable_source_asset(group_name="external", tags={"vendor": "acme"})
def fx_rates() -> dg.DataVersion:
    # A SourceAsset: post-processing passes it through.
    return dg.DataVersion("1")


@dg.asset_check(asset=revenue)
def revenue_is_positive() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)
