from pathlib import Path

import dagster as dg

from bakery import orders, reporting, stock
from bakery.forecasts import demand

# Prefixed copies: demand imports raw_orders, copied here as forecast/raw_orders.
forecast_assets = dg.load_assets_from_modules([demand], key_prefix="forecast")

defs = dg.Definitions.merge(
    dg.Definitions(
        assets=[
            *dg.load_assets_from_modules([orders, reporting], group_name="sales"),
            *forecast_assets,
            *dg.load_assets_from_modules([stock]),
        ],
        jobs=[orders.orders_job],
    ),
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
)
