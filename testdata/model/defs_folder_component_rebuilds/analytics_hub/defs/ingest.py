import dagster as dg


@dg.asset
def raw_payments() -> None: ...
