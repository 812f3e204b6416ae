import dagster as dg


@dg.asset(group_name="fees", owners=["team:finance"])
def fees() -> None:
    """A sibling of finance/, not below it."""
