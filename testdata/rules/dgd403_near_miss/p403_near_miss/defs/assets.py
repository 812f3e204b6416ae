import dagster as dg


@dg.asset
def orders() -> None: ...


orders_job = dg.define_asset_job(name="orders_job", selection=["orders"])
