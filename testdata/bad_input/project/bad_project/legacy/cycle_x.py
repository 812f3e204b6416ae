"""An import cycle outside defs: cycle_x <-> cycle_y."""

import dagster as dg

from bad_project.legacy import cycle_y


@dg.asset(deps=[cycle_y.cycle_y_asset])
def cycle_x_asset() -> None: ...
