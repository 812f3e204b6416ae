"""A UTF-8 module that starts with a byte order mark."""

import dagster as dg


@dg.asset
def bom_asset() -> None: ...
