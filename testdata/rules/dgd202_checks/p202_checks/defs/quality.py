import dagster as dg


@dg.asset_check(asset="orders")
def orders_not_empty() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)
