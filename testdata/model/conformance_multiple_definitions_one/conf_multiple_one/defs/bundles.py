import dagster as dg


@dg.asset
def north() -> None: ...


@dg.asset
def south() -> None: ...


north_defs = dg.Definitions(assets=[north])
other_assets = [south]
