"""Outside the outer defs package: DGD101 against outer_pkg.defs."""

import dagster as dg


@dg.asset
def outer_legacy() -> None: ...
