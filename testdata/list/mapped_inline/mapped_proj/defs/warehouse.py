import dagster as dg


@dg.asset(group_name="warehouse")
def orders() -> None: ...
