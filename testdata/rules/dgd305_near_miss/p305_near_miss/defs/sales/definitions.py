import dagster as dg

sales_job = dg.define_asset_job(name="sales_job", selection=["orders"])
