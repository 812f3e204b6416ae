import dagster as dg

from shop_pipelines_src import assets, jobs, marts
from shop_pipelines_src.sensors import new_export_sensor

shop_assets = dg.load_assets_from_modules([assets])

defs = dg.Definitions(
    assets=[*shop_assets, marts.churn_report],
    asset_checks=[marts.churn_report_not_empty],
    jobs=[jobs.sync_job],
    schedules=[jobs.sync_schedule, jobs.nightly_full_refresh],
    sensors=[new_export_sensor],
)
