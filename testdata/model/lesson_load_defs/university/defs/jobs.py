import dagster as dg

from university.settings import DAILY_CRON

trips_job = dg.define_asset_job("trips_job", selection=["trips", "trips_by_week"])

trips_schedule = dg.ScheduleDefinition(job=trips_job, cron_schedule=DAILY_CRON)
