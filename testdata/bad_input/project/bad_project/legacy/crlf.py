"""A module with Windows line endings (CRLF)."""

import dagster as dg


@dg.asset
def crlf_asset() -> None: ...
