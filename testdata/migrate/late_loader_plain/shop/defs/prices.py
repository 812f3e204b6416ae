import dagster as dg


@dg.asset
def price_list() -> None:
    """Prices of the day."""
