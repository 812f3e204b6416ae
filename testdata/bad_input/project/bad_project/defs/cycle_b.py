"""The other half of the cycle inside defs."""

import dagster as dg

from bad_project.defs.cycle_a import *  # noqa: F403


@dg.asset
def cycle_b_asset() -> None: ...
