import dagster as dg

from p306_near_miss_object.resources import WarehouseResource

warehouse = WarehouseResource(url="duckdb:///warehouse.db")


@dg.asset
def inventory(warehouse: WarehouseResource) -> None: ...


defs = dg.Definitions(assets=[inventory], resources={"warehouse": warehouse})
