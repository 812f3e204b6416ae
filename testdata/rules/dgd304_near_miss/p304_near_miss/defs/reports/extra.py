import dagster as dg


@dg.asset
def yearly_report() -> None: ...
