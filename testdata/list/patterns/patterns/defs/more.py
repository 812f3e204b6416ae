"""Jobs written inline in schedules and sensors; a spec changed by a method (not listed)."""

import dagster as dg

vendor = dg.AssetSpec("vendor_table").replace_attributes(group_name="vendors")


@dg.multi_asset(outs={"m1": dg.AssetOut(), "m2": dg.AssetOut()})
def pair():
    yield dg.Output(None, "m1")
    yield dg.Output(None, "m2")


@dg.asset(deps=[pair], ins={"up": dg.AssetIn(key=["crm", "accounts"])})
def after_pair(up: None) -> None: ...


inline_schedule = dg.ScheduleDefinition(
    job=dg.define_asset_job("inline_job", selection=[after_pair]), cron_schedule="@hourly"
)
target_schedule = dg.ScheduleDefinition(
    name="by_target", target=dg.AssetSelection.assets(after_pair), cron_schedule="@daily"
)


@dg.sensor(jobs=[dg.define_asset_job("sensor_job", selection=[pair])])
def multi_job_sensor(context: dg.SensorEvaluationContext) -> None: ...
