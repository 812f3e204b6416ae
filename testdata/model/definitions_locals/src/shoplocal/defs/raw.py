import dagster as dg


@dg.asset(group_name="raw")
def raw_payments() -> None:
    """Payments as the provider exports them."""
