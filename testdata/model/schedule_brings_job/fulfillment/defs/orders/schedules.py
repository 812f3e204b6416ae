import dagster as dg

from fulfillment.settings import ORDERS_CRON

orders_job = dg.define_asset_job(
    "orders_job", selection=dg.AssetSelection.assets(["fulfillment", "orders"])
)

# Referenced by nothing that is returned below: dropped.
refunds_job = dg.define_asset_job(
    "refunds_job", selection=dg.AssetSelection.assets(["fulfillment", "refunds"])
)

daily_schedule = dg.ScheduleDefinition(
    name="orders_daily", job=orders_job, cron_schedule=ORDERS_CRON
)


@dg.definitions
def schedules() -> dg.Definitions:
    return dg.Definitions(schedules=[daily_schedule])
