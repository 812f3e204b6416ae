"""Inside the inner defs package: fine for the inner project, the nearest one."""

import dagster as dg


@dg.asset
def inner_ok() -> None: ...
