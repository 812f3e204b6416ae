import dagster as dg


@dg.asset
def orders() -> None: ...


@dg.asset
def refunds() -> None: ...
