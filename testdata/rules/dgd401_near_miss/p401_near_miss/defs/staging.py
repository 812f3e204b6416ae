import dagster as dg

from p401_near_miss.defs.raw import orders


@dg.asset(key_prefix="staging", deps=[orders])
def orders_staged() -> None: ...
