WAREHOUSE_DSN = "postgresql://warehouse.internal:5432/ledger"
WAREHOUSE_SCHEMA = "finance"
