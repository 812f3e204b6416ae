"""The other half of the cycle outside defs."""

import dagster as dg

import bad_project.legacy.cycle_x


@dg.asset
def cycle_y_asset() -> None: ...
