import dagster as dg

from .helpers import shared_calendar as shared_calendar


@dg.asset(deps=[shared_calendar])
def weekly_report() -> None: ...
