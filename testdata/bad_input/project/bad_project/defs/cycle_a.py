"""An import cycle inside defs: cycle_a <-> cycle_b, and a module importing itself."""

import dagster as dg

import bad_project.defs.cycle_a
from bad_project.defs import cycle_b


@dg.asset(deps=[cycle_b.cycle_b_asset])
def cycle_a_asset() -> None: ...
