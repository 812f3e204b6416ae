import dagster as dg

from p306_near_miss.resources import WarehouseResource


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={"warehouse": WarehouseResource(url="duckdb:///warehouse.db")}
    )
