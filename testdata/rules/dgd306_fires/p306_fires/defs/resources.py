import dagster as dg

from p306_fires.resources import WarehouseResource

warehouse = WarehouseResource(url="duckdb:///warehouse.db")
io_manager = dg.FilesystemIOManager(base_dir="/tmp/io")
