import dagster as dg


@dg.asset(group_name="invoicing")
def invoices() -> None: ...


defs = dg.Definitions(assets=[invoices])
