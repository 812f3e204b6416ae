import dagster as dg


@dg.asset(deps=["orders_table"])
def my_analytics_asset() -> None: ...
