"""Jobs on partitioned assets and the schedules built from them."""

import dagster as dg

from partitioned_proj.defs.sales import clicks, inventory, orders, refunds, weekly_report
from partitioned_proj.partitions import daily, first_of_month, regions

# The job's own partitions definition.
orders_job = dg.define_asset_job("orders_job", selection=[orders, refunds], partitions_def=daily)
orders_schedule = dg.build_schedule_from_partitioned_job(orders_job)
orders_at_nine = dg.build_schedule_from_partitioned_job(
    orders_job, name="orders_at_nine", hour_of_day=9, minute_of_hour=0
)

# No partitions_def: the one its selected assets share (objects, keys, AssetKeys).
clicks_job = dg.define_asset_job("clicks_job", selection=[clicks, inventory])
clicks_schedule = dg.build_schedule_from_partitioned_job(clicks_job)
clicks_at_five = dg.build_schedule_from_partitioned_job(
    clicks_job, name="clicks_at_five", minute_of_hour=5
)
weekly_job = dg.define_asset_job("weekly_job", selection=["weekly_report"])
weekly_schedule = dg.build_schedule_from_partitioned_job(weekly_job)
weekly_on_monday = dg.build_schedule_from_partitioned_job(
    job=weekly_job, name="weekly_on_monday", day_of_week=1, hour_of_day=7
)
invoices_job = dg.define_asset_job("invoices_job", selection=[dg.AssetKey("invoices")])
invoices_schedule = dg.build_schedule_from_partitioned_job(invoices_job)
invoices_mid_month = dg.build_schedule_from_partitioned_job(
    invoices_job, name="invoices_mid_month", day_of_month=15
)
ledger_job = dg.define_asset_job("ledger_job", selection="ledger")
ledger_schedule = dg.build_schedule_from_partitioned_job(ledger_job)
regional_job = dg.define_asset_job("regional_job", selection=["regional_orders"])
regional_schedule = dg.build_schedule_from_partitioned_job(regional_job)

# A job written inline, selecting assets by key.
report_schedule = dg.build_schedule_from_partitioned_job(
    dg.define_asset_job("report_job", selection=[weekly_report]), name="report_schedule"
)

# Statically partitioned: the schedule says its own cron.
region_job = dg.define_asset_job(
    "region_job", selection=["region_config"], partitions_def=regions
)
region_schedule = dg.build_schedule_from_partitioned_job(region_job, cron_schedule="0 4 * * 1")

# An op job with a partitions definition of this module.
local_hourly = dg.HourlyPartitionsDefinition(start_date="2024-01-01-00:00", minute_offset=45)


@dg.op
def export() -> None: ...


@dg.job(partitions_def=local_hourly)
def export_job() -> None:
    export()


export_schedule = dg.build_schedule_from_partitioned_job(export_job)


@dg.job(partitions_def=first_of_month)
def close_books() -> None:
    export()


close_books_schedule = dg.build_schedule_from_partitioned_job(
    close_books, name="close_books_late", day_of_month=3, hour_of_day=22, minute_of_hour=10
)

# A selection Dagster resolves at load time only: the cron stays unresolved.
sales_job = dg.define_asset_job("sales_job", selection=dg.AssetSelection.groups("sales"))
sales_schedule = dg.build_schedule_from_partitioned_job(sales_job)
