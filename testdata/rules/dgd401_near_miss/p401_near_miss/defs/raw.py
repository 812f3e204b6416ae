import dagster as dg


@dg.asset(key_prefix="raw")
def orders() -> None: ...
