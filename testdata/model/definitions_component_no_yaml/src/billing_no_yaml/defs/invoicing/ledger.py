import dagster as dg


@dg.asset(deps=["invoices"])
def ledger_entries() -> None: ...
