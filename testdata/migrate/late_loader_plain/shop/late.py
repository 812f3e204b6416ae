"""Stays outside defs for now; it imports an asset of orders (and so holds it)."""

import dagster as dg

from shop.orders import raw_orders


@dg.asset(deps=[raw_orders])
def late_deliveries() -> None:
    """Orders delivered late."""


@dg.asset(deps=[late_deliveries])
def refunds_due() -> None:
    """Refunds owed for late deliveries."""
