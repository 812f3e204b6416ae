import dagster as dg


@dg.asset
def customers_table() -> None: ...


@dg.asset
def orders_table() -> None: ...


@dg.asset
def products_table() -> None: ...
