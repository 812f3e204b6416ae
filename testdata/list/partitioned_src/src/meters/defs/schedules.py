"""Schedules on jobs of other modules, and on jobs written here."""

import dagster as dg

from meters.defs.partitions import every_four_hours, weekly_sunday
from meters.defs.readings.rollups import rollup_job

SCHEDULE_MINUTE = 40

rollup_schedule = dg.build_schedule_from_partitioned_job(rollup_job)
rollup_early = dg.build_schedule_from_partitioned_job(
    rollup_job, name="rollup_early", hour_of_day=1, minute_of_hour=SCHEDULE_MINUTE
)

raw_job = dg.define_asset_job("raw_job", selection=["meters/raw_readings", "peaks", "troughs"])
raw_schedule = dg.build_schedule_from_partitioned_job(raw_job)

totals_job = dg.define_asset_job("totals_job", selection=[dg.AssetKey(["meters", "daily_totals"])])
totals_schedule = dg.build_schedule_from_partitioned_job(totals_job, name="totals")

schedules = [
    dg.build_schedule_from_partitioned_job(
        dg.define_asset_job("weekly_rollup_job", selection=["weekly_rollup"]),
        day_of_week=5,
    ),
    dg.build_schedule_from_partitioned_job(
        dg.define_asset_job("monthly_rollup_job", selection=["monthly_rollup"]),
        hour_of_day=12,
    ),
]


@dg.op
def measure() -> None: ...


@dg.graph
def measure_graph() -> None:
    measure()


measure_job = measure_graph.to_job(name="measure_job", partitions_def=every_four_hours)
measure_schedule = dg.build_schedule_from_partitioned_job(measure_job)

sunday_job = measure_graph.to_job(name="sunday_job", partitions_def=weekly_sunday)
sunday_schedule = dg.build_schedule_from_partitioned_job(sunday_job, minute_of_hour=5)
