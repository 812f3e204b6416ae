import dagster as dg


@dg.asset
def north() -> None: ...


@dg.asset
def south() -> None: ...


north_defs = dg.Definitions(assets=[north])
south_defs = dg.Definitions(assets=[south])
