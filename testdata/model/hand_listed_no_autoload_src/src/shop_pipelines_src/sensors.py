import dagster as dg

from .jobs import sync_job


@dg.sensor(job=sync_job, minimum_interval_seconds=300)
def new_export_sensor() -> dg.SkipReason:
    return dg.SkipReason("no new export")
