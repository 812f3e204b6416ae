import dagster as dg

from analytics_hub_no_yaml.settings import REPORTING_GROUP


@dg.asset(group_name=REPORTING_GROUP, deps=["raw_payments"])
def daily_revenue() -> None: ...
