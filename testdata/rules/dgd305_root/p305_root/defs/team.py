import dagster as dg


@dg.asset
def team_asset() -> None: ...
