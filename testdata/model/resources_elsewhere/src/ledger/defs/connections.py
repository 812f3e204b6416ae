from ledger import settings
from ledger.resources import WarehouseResource

warehouse = WarehouseResource(
    dsn=settings.WAREHOUSE_DSN, schema_name=settings.WAREHOUSE_SCHEMA
)
