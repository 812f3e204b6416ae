import dagster as dg


@dg.op
def pong() -> None: ...


@dg.job(name="maintenance")
def other_maintenance() -> None:
    pong()
