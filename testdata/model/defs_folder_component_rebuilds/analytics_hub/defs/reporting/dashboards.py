import dagster as dg

from analytics_hub.settings import REPORTING_GROUP

from .revenue import daily_revenue


@dg.asset(group_name=REPORTING_GROUP, deps=[daily_revenue])
def revenue_dashboard() -> None: ...
