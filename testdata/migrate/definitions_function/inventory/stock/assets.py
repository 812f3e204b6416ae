import dagster as dg


@dg.asset
def stock_levels() -> None: ...
