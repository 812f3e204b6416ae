import dagster as dg


@dg.asset(key=["shop", "orders_us"], group_name="us")
def us_orders() -> None: ...


@dg.asset(key=["shop", "refunds_us"], group_name="us")
def us_refunds() -> None: ...
