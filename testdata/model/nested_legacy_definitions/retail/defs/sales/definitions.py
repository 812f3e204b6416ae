import dagster as dg

from . import orders

defs = dg.Definitions(assets=dg.load_assets_from_modules([orders]))
