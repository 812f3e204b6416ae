import dagster as dg


@dg.asset(group_name="production", kinds={"python"})
def oven_schedule() -> None:
    """When each oven bakes what."""
