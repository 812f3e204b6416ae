from pathlib import Path

import dagster as dg

import inventory.alerts
from inventory.stock import assets as stock_assets
from inventory.stock.checks import stock_not_negative


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
        dg.Definitions(
            assets=dg.load_assets_from_modules([stock_assets]),
            asset_checks=[stock_not_negative],
            jobs=[inventory.alerts.restock_job],
            sensors=[inventory.alerts.restock_sensor],
        ),
    )
