"""Marts: deps on imported assets, a multi-asset, a stub dependency, checks."""

import dagster as dg

from catalog.defs.raw import customers, external_table

MART = "marts"


@dg.asset(deps=[customers, external_table], group_name=MART, owners=["team:analytics"])
def customer_activity() -> None:
    """Customers joined with tracker events."""


@dg.multi_asset(
    outs={
        "daily_revenue": dg.AssetOut(kinds={"pandas"}, description="Per day"),
        "monthly_revenue": dg.AssetOut(key_prefix=["finance"], description="Per month"),
    },
    deps=["eu_sales"],
    group_name=MART,
)
def revenue():
    yield dg.Output(None, "daily_revenue")
    yield dg.Output(None, "monthly_revenue")


@dg.asset(deps=["legacy_warehouse_table"], tags={"tier": "gold"})
def archived_orders() -> None: ...


@dg.asset_check(asset=customer_activity)
def activity_not_empty() -> dg.AssetCheckResult:
    """At least one customer was active."""
    return dg.AssetCheckResult(passed=True)


@dg.asset_check(asset="eu_sales", name="sales_positive", description="No negative sales")
def _sales_check() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)
