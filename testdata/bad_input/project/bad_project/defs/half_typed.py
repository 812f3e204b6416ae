"""Half-typed code, as an editor sends it: the decorator is still open."""

import dagster as dg


@dg.asset(