import dagster as dg

from fulfillment_by_name.settings import ORDERS_CRON

orders_job = dg.define_asset_job(
    "orders_job", selection=dg.AssetSelection.assets(["fulfillment", "orders"])
)

daily_schedule = dg.ScheduleDefinition(
    name="orders_daily", job_name="orders_job", cron_schedule=ORDERS_CRON
)


@dg.definitions
def schedules() -> dg.Definitions:
    return dg.Definitions(schedules=[daily_schedule])
