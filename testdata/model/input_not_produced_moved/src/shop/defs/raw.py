import dagster as dg


@dg.asset(group_name="staging")
def raw_orders() -> None:
    """Moved into defs with the assets that read it."""
