"""Not loaded by load_defs: team/ holds a definitions.py."""

import dagster as dg


@dg.asset(group_name="team")
def ignored_extra() -> None: ...
