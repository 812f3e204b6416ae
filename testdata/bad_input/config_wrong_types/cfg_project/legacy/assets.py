"""An asset outside defs: reported only when the project settings can be read."""

import dagster as dg


@dg.asset
def cfg_asset() -> None: ...
