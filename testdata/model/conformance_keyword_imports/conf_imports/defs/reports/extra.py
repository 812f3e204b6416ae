import dagster as dg


@dg.asset
def ad_hoc_report() -> None: ...
