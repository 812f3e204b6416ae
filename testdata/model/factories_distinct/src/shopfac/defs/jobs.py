import dagster as dg

from shopfac.lib.factories import region_job


def nightly(job, hour: int) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(job=job, cron_schedule=f"0 {hour} * * *")


eu_job = region_job("eu")
eu_nightly = nightly(eu_job, 2)
