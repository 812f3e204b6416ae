import dagster as dg


@dg.asset
def customer_accounts() -> None: ...
