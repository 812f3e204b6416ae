from ledger_unbound import settings
from ledger_unbound.resources import WarehouseResource

warehouse = WarehouseResource(
    dsn=settings.WAREHOUSE_DSN, schema_name=settings.WAREHOUSE_SCHEMA
)
