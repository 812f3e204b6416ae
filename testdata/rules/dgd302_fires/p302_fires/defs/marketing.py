import dagster as dg


@dg.asset
def campaigns() -> None: ...


@dg.asset
def clicks() -> None: ...


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[campaigns])
