import dagster as dg


@dg.asset(deps=["campaign_spend", "campaign_clicks", "ad_platform_export"])
def attribution_model() -> None: ...


attribution_job = dg.define_asset_job("attribution_job", selection=[attribution_model])
