import dagster as dg

from .ingest import clean_shipments, raw_shipments

nightly_job = dg.define_asset_job(
    name="nightly_job",
    selection=[raw_shipments, clean_shipments],
)

nightly_schedule = dg.ScheduleDefinition(job=nightly_job, cron_schedule="0 3 * * *")
