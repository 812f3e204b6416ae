"""Outside any post-processed folder: left as written."""

import dagster as dg


@dg.asset(group_name="sales", tags={"tier": "gold"}, kinds={"python"})
def orders() -> None:
    """All orders."""


@dg.asset(key_prefix="shop", group_name="analytics")
def daily_orders(revenue: None) -> None:
    """Its input `revenue` is matched within the group analytics: the post-processed one."""
