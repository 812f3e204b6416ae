import dagster as dg


@dg.asset
def raw_orders() -> None:
    """Orders as the till exports them."""
