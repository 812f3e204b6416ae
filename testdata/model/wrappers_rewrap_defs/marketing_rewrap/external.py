import dagster as dg

ad_platform_export = dg.AssetSpec(
    "ad_platform_export", description="Dropped daily by the ad platform"
)
