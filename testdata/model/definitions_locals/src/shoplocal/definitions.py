"""The code location: everything but the raw data is built in defs() from its locals."""

from pathlib import Path

import dagster as dg

from shoplocal import reporting, settings
from shoplocal.lib.factories import region_orders
from shoplocal.settings import GROUP, SHEETS

# The region scripts run for; defs() builds its own region's assets.
region = "us"


@dg.definitions
def defs() -> dg.Definitions:
    region = "eu"
    label = f"{settings.PREFIX}_{region}"
    orders = region_orders(region)
    refunds = dg.AssetSpec(
        f"{label}_refunds",
        group_name=GROUP,
        deps=[orders],
        owners=[settings.OWNER],
        tags={"region": region},
        kinds={"csv"},
    )
    sheets = [dg.AssetSpec(f"sheet_{name}", group_name="sheets") for name in SHEETS]
    nightly = dg.define_asset_job(
        f"nightly_{region}", selection=[f"{settings.PREFIX}/orders_{region}"]
    )
    weekly = dg.define_asset_job(
        "weekly_reporting", selection=dg.AssetSelection.groups("reporting")
    )
    nightly_schedule = dg.ScheduleDefinition(job=nightly, cron_schedule=settings.NIGHTLY_CRON)
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
        dg.Definitions(
            assets=[orders, refunds, *sheets, reporting.weekly_report],
            jobs=[nightly],
            schedules=[
                nightly_schedule,
                dg.ScheduleDefinition(job=weekly, cron_schedule="0 6 * * 1"),
            ],
        ),
    )
