import dagster as dg

from . import constants

sync_job = dg.define_asset_job(
    "sync_job", selection=dg.AssetSelection.groups("default")
)
sync_schedule = dg.ScheduleDefinition(job=sync_job, cron_schedule=constants.HOURLY)


@dg.schedule(job=sync_job, cron_schedule=constants.NIGHTLY)
def nightly_full_refresh() -> dg.RunRequest:
    return dg.RunRequest(run_config={})
