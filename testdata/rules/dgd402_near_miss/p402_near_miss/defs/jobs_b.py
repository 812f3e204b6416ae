import dagster as dg

from p402_near_miss.defs.jobs_a import refresh

refresh_all = dg.define_asset_job(name="refresh_all", selection="*")
