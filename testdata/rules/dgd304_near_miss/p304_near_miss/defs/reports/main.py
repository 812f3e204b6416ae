import dagster as dg


@dg.asset
def monthly_report() -> None: ...
