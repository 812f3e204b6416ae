import dagster as dg

from p301_imported.shared import shared_defs


@dg.asset(deps=["raw_events"])
def cleaned_events() -> None: ...
