import dagster as dg


@dg.asset
def ledger() -> None: ...


defs = dg.Definitions(assets=[ledger])
finance_defs = defs
