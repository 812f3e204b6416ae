import dagster as dg


@dg.asset
def ledger() -> None: ...


@dg.asset
def budget() -> None: ...


ledger_defs = dg.Definitions(assets=[ledger])
budget_defs = dg.Definitions(assets=[budget])
