import dagster as dg

orders_spec = dg.AssetSpec("orders")


@dg.asset(name="orders")
def load_orders() -> None: ...
