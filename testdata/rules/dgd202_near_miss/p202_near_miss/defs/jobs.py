import dagster as dg

sync_job = dg.define_asset_job(name="sync_job", selection=["customers_table"])
