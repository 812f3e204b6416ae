import dagster as dg


@dg.asset(group_name="raw")
def raw_orders() -> None: ...
