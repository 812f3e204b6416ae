from dagster import asset as dagster_asset, define_asset_job

daily_report_job = define_asset_job("daily_report_job", selection=["daily_report"])


@dagster_asset(name="daily_report")
def build_daily_report() -> None: ...
