import dagster as dg


@dg.asset(tags={"draft": "yes"}, kinds={"pandas"}, owners=["bob@example.com"])
def weekly_report(revenue: None) -> None:
    """Replaced by the folder's description, then grouped by the folder above."""


weekly_summary = dg.AssetSpec("weekly_summary", deps=["weekly_report"], group_name="reports")
