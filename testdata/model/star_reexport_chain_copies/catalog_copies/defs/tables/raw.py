import dagster as dg


@dg.asset
def raw_orders() -> None: ...


@dg.asset
def raw_products() -> None: ...
