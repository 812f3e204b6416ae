import dagster as dg

from shop.settings import ORDERS_JOB

orders_job = dg.define_asset_job(ORDERS_JOB, selection=["raw_orders", "stg_order"])
nightly = dg.ScheduleDefinition(job=orders_job, cron_schedule="0 3 * * *")
