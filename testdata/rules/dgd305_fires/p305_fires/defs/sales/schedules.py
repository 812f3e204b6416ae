import dagster as dg

nightly_sales = dg.ScheduleDefinition(
    name="nightly_sales", job_name="sales_job", cron_schedule="0 0 * * *"
)
