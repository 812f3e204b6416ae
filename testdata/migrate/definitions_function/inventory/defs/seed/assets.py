import dagster as dg


@dg.asset
def seed_stock() -> None: ...
