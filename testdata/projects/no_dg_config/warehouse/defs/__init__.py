import dagster as dg


@dg.asset
def inventory() -> None: ...
