"""Imports the orders module, not an asset from it: nothing of it is copied."""

import dagster as dg

from bakery import orders


@dg.asset(deps=[orders.order_lines])
def flour_stock() -> None:
    """Flour left after the day's orders."""
