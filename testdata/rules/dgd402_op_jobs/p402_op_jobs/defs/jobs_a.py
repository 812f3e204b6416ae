import dagster as dg


@dg.op
def ping() -> None: ...


@dg.job
def maintenance() -> None:
    ping()
