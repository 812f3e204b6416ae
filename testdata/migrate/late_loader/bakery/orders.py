import dagster as dg


@dg.asset(group_name="sales")
def raw_orders() -> None:
    """Orders as the shop's till exports them."""


@dg.asset(group_name="sales")
def order_lines(raw_orders: None) -> None:
    """One row per item sold."""


orders_job = dg.define_asset_job("orders_job", selection=["raw_orders", "order_lines"])
