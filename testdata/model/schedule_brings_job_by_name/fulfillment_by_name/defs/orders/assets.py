import dagster as dg

from fulfillment_by_name.settings import WAREHOUSE_SCHEMA


@dg.asset(key_prefix=WAREHOUSE_SCHEMA)
def orders() -> None: ...


@dg.asset(key_prefix=WAREHOUSE_SCHEMA)
def refunds() -> None: ...
