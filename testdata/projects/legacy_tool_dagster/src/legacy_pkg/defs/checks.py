import dagster as dg


@dg.asset
def payments() -> None: ...


@dg.asset_check(asset=payments)
def payments_not_empty() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)
