"""A good module inside defs: no DGD error, whatever its neighbours hold."""

import dagster as dg


@dg.asset
def orders() -> None: ...
