"""The code location still builds Europe's orders in defs(), which defs/regions.py has too."""

from pathlib import Path

import dagster as dg

from shoplocal.lib.factories import region_orders
from shoplocal.settings import SHEETS


@dg.definitions
def defs() -> dg.Definitions:
    region = "eu"
    orders = region_orders(region)
    sheets = [dg.AssetSpec(f"sheet_{name}", group_name="sheets") for name in SHEETS]
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
        dg.Definitions(assets=[orders, *sheets]),
    )
