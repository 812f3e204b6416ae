"""Inside the outer defs package: fine."""

import dagster as dg


@dg.asset
def outer_ok() -> None: ...
