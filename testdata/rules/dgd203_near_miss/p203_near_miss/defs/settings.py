WAREHOUSE_URL = "duckdb:///warehouse.db"
