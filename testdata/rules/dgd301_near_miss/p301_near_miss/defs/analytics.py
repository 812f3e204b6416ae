import dagster as dg


@dg.asset
def daily_revenue() -> None: ...


@dg.asset
def weekly_revenue() -> None: ...


defs = dg.Definitions(assets=[daily_revenue, weekly_revenue])
