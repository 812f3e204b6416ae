"""A syntax error: flake8 reports E999 itself; the plugin skips the module."""

import dagster as dg


@dg.asset
def broken( -> None: ...
