import dagster as dg

from shop.settings import STAGING


@dg.asset(group_name=STAGING)
def raw_orders() -> None:
    """Orders as exported."""


@dg.asset(group_name=STAGING)
def stg_orders(raw_orders) -> None:
    """Orders, cleaned."""
