import dagster as dg

from p403_fires.defs.assets import orders_job

daily = dg.ScheduleDefinition(job=orders_job, cron_schedule="0 0 * * *")
