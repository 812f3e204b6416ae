# -*- coding: latin-1 -*-
"""A latin-1 module with a coding cookie: the string below is é in latin-1."""

import dagster as dg

CAFE = "café"


@dg.asset(description=CAFE)
def latin1_asset() -> None: ...
