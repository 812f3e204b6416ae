import dagster as dg

from p305_fires.defs.sales.orders import orders

sales_job = dg.define_asset_job(name="sales_job", selection=["orders"])
