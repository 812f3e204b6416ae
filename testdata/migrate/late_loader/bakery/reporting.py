"""Sales reports: they stay where they are for now, and read the order lines."""

import dagster as dg

from bakery.orders import order_lines


@dg.asset(deps=[order_lines], owners=["team:finance"])
def daily_sales() -> None:
    """Sales per day."""


@dg.asset(deps=[daily_sales])
def weekly_sales() -> None:
    """Sales per week."""
