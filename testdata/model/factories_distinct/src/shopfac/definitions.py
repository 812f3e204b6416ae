from pathlib import Path

import dagster as dg

from shopfac.settings import REGIONS

SHEETS = ("budget", "forecast")


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
        dg.Definitions(
            assets=[dg.AssetSpec(f"sheet_{name}", group_name="sheets") for name in SHEETS],
            jobs=[
                dg.define_asset_job(
                    "regions_job", selection=[f"shop/orders_{r}" for r in REGIONS]
                )
            ],
            sensors=[],
        ),
    )
