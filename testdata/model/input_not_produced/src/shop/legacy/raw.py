import dagster as dg


@dg.asset(group_name="staging")
def raw_orders() -> None:
    """Still outside defs: nothing loads it any more."""
