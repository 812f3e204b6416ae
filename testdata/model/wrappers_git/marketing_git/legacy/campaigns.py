import dagster as dg

from marketing_git.constants import MARKETING_GROUP


@dg.asset(group_name=MARKETING_GROUP)
def campaign_spend() -> None: ...


@dg.asset(group_name=MARKETING_GROUP)
def campaign_clicks() -> None: ...
