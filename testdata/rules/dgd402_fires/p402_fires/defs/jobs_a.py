import dagster as dg

refresh = dg.define_asset_job(name="refresh", selection=["orders"])
