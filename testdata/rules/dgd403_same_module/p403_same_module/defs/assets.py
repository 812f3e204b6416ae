import dagster as dg


@dg.asset
def orders() -> None: ...


orders_job = dg.define_asset_job(name="orders_job", selection=["orders"])
daily = dg.ScheduleDefinition(job=orders_job, cron_schedule="0 0 * * *")
hourly = dg.ScheduleDefinition(
    name="orders_job_schedule", job=orders_job, cron_schedule="0 * * * *"
)
