"""Outside the inner defs package: DGD101 against inner_pkg.defs, not outer_pkg.defs."""

import dagster as dg


@dg.asset
def inner_legacy() -> None: ...
