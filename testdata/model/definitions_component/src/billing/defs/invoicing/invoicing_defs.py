import dagster as dg

from billing.settings import MONTHLY

from .invoices import invoices

invoicing_job = dg.define_asset_job("invoicing_job", selection=[invoices])

defs = dg.Definitions(
    assets=[invoices],
    schedules=[dg.ScheduleDefinition(job=invoicing_job, cron_schedule=MONTHLY)],
)
