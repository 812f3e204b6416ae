"""A good module outside defs: its asset is reported (DGD101) next to the broken files."""

import dagster as dg


@dg.asset
def legacy_orders() -> None: ...
