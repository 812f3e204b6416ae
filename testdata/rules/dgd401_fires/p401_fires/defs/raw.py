import dagster as dg


@dg.asset(key_prefix="shop")
def orders() -> None: ...
