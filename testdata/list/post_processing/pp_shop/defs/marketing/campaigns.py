import dagster as dg


@dg.asset(group_name="marketing", tags={"channel": "email"}, kinds={"python"})
def newsletter() -> None:
    """Sent every week."""


@dg.asset(group_name="marketing", tags={"channel": "ads"}, description="Paid ads")
def ads() -> None: ...
