import dagster as dg


@dg.asset
def shared_calendar() -> None: ...
