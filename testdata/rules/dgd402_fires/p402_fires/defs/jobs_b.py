import dagster as dg

refresh_all = dg.define_asset_job(name="refresh", selection="*")
