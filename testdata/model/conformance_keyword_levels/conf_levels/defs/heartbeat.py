import dagster as dg


@dg.asset
def heartbeat() -> None: ...
