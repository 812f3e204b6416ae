import dagster as dg

from p306_near_miss.resources import WarehouseResource


@dg.asset
def inventory(warehouse: WarehouseResource) -> None: ...
