"""Checks on imported assets, a multi-check, sensors and a partitioned schedule."""

import dagster as dg

from patterns.defs.sources import accounts_table, warehouse

daily = dg.DailyPartitionsDefinition(start_date="2024-01-01")


@dg.asset_check(asset=accounts_table)
def accounts_have_ids() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec("fresh", asset="warehouse_snapshot"),
        dg.AssetCheckSpec("complete", asset=dg.AssetKey(["crm", "contacts"])),
    ]
)
def snapshot_checks():
    yield dg.AssetCheckResult(asset_key="warehouse_snapshot", check_name="fresh", passed=True)
    yield dg.AssetCheckResult(asset_key=["crm", "contacts"], check_name="complete", passed=True)


@dg.asset(partitions_def=daily, deps=[warehouse])
def daily_extract() -> None: ...


daily_job = dg.define_asset_job("daily_job", selection=[daily_extract], partitions_def=daily)
daily_schedule = dg.build_schedule_from_partitioned_job(daily_job)


@dg.asset_sensor(asset_key=dg.AssetKey(["crm", "accounts"]), job=daily_job)
def accounts_updated(context: dg.SensorEvaluationContext, event: dg.EventLogEntry) -> None: ...


@dg.run_failure_sensor
def on_failure(context: dg.RunFailureSensorContext) -> None: ...


automation = dg.AutomationConditionSensorDefinition(
    "automation_sensor", target=dg.AssetSelection.all()
)
