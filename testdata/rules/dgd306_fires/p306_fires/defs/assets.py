import dagster as dg

from p306_fires.resources import WarehouseResource


@dg.asset
def inventory(warehouse: WarehouseResource) -> None: ...
