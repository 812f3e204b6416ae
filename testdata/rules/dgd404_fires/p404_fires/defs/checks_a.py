import dagster as dg


@dg.asset_check(asset="orders")
def not_empty() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)
