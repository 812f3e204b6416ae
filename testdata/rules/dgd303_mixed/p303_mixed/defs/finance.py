import dagster as dg


@dg.asset
def ledger() -> None: ...


ledger_defs = dg.Definitions(assets=[ledger])


@dg.definitions
def more_defs() -> dg.Definitions:
    return dg.Definitions(assets=[dg.AssetSpec("budget")])
