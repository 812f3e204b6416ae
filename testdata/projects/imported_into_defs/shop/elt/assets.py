from dagster import asset


@asset
def orders() -> None: ...


@asset(key_prefix=["raw"])
def refunds() -> None: ...
