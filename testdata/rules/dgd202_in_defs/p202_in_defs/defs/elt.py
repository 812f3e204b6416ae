import dagster as dg


@dg.asset
def customers_table() -> None: ...
