import dagster as dg


@dg.asset
def second_pick() -> None: ...
