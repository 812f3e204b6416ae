import dagster as dg

from ledger_unbound.resources import WarehouseResource


@dg.asset
def general_ledger(warehouse: WarehouseResource) -> None:
    warehouse.execute("select 1")


@dg.asset(deps=[general_ledger])
def trial_balance() -> None: ...
