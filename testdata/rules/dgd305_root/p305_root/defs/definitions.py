import dagster as dg


@dg.asset
def root_asset() -> None: ...
