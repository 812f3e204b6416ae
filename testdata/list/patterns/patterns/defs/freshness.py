"""Dagster's check builders: fixed check names, descriptions written by Dagster."""

from datetime import timedelta

import dagster as dg


@dg.asset
def table_a() -> None: ...


@dg.asset
def table_b() -> None: ...


freshness = dg.build_last_update_freshness_checks(
    assets=[table_a, table_b], lower_bound_delta=timedelta(hours=2)
)
freshness_sensor = dg.build_sensor_for_freshness_checks(freshness_checks=freshness)


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS)
def on_success(context: dg.RunStatusSensorContext) -> None: ...


column_checks = dg.build_column_schema_change_checks(assets=[table_a])
