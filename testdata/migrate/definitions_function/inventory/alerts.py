import dagster as dg

from inventory.stock.assets import stock_levels

restock_job = dg.define_asset_job(name="restock_job", selection=[stock_levels])


@dg.sensor(job=restock_job, minimum_interval_seconds=300)
def restock_sensor() -> None:
    return None
