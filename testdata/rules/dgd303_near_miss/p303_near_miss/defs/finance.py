import dagster as dg


@dg.asset
def ledger() -> None: ...


@dg.asset
def budget() -> None: ...


@dg.definitions
def ledger_defs() -> dg.Definitions:
    return dg.Definitions(assets=[ledger])


@dg.definitions
def budget_defs() -> dg.Definitions:
    return dg.Definitions(assets=[budget])
