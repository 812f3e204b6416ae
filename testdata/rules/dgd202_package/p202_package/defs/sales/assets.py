import dagster as dg


@dg.asset
def invoices() -> None: ...
