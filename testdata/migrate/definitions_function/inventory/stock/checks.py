import dagster as dg

from .assets import stock_levels


@dg.asset_check(asset=stock_levels)
def stock_not_negative() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)
