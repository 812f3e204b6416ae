import dagster as dg


@dg.asset
def basket_affinity() -> None: ...


basket_job = dg.define_asset_job("basket_job", selection=[basket_affinity])
