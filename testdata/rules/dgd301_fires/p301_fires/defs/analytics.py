import dagster as dg


@dg.asset
def daily_revenue() -> None: ...


@dg.asset
def weekly_revenue() -> None: ...


revenue_job = dg.define_asset_job(name="revenue_job", selection=["daily_revenue"])

defs = dg.Definitions(assets=[daily_revenue], jobs=[revenue_job])
