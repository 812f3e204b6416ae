import dagster as dg


@dg.asset(deps=["customer_lifetime_value"])
def churn_report() -> None: ...


@dg.asset_check(asset=churn_report)
def churn_report_not_empty() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)
