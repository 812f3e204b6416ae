import dagster as dg


@dg.asset
def neighbour_one() -> None: ...


@dg.asset
def neighbour_two() -> None: ...
