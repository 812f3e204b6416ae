"""Loaded with a key prefix: the copy of raw_orders it holds is forecast/raw_orders."""

import dagster as dg

from bakery.orders import raw_orders


@dg.asset(deps=[raw_orders])
def demand_forecast() -> None:
    """Loaves to bake tomorrow."""
