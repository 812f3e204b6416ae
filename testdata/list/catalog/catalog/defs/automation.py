"""Jobs, schedules and sensors with default and explicit names."""

import dagster as dg

REGION = "eu"

nightly_job = dg.define_asset_job(
    "nightly_job", selection=dg.AssetSelection.groups("ingest"), description="All raw tables"
)
marts_job = dg.define_asset_job(name="marts_job", selection=dg.AssetSelection.groups("marts"))

nightly_schedule = dg.ScheduleDefinition(job=nightly_job, cron_schedule="0 3 * * *")
regional = dg.ScheduleDefinition(
    name=f"{REGION}_marts", job=marts_job, cron_schedule=["0 6 * * 1", "0 6 * * 4"]
)


@dg.op
def ping() -> None: ...


@dg.job
def ping_job() -> None:
    """Checks that the warehouse answers."""
    ping()


@dg.schedule(cron_schedule="*/15 * * * *", job=ping_job)
def frequent_ping(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    return dg.RunRequest()


@dg.sensor(job=marts_job, minimum_interval_seconds=60)
def watch_landing(context: dg.SensorEvaluationContext) -> dg.SkipReason:
    return dg.SkipReason("nothing new")
