import dagster as dg


@dg.asset
def first_pick() -> None: ...


@dg.asset
def left_out_there() -> None: ...
