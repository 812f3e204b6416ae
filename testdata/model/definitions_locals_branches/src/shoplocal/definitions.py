"""Near miss: the region is set in an if/else and the refunds spec is bound twice."""

import os
from pathlib import Path

import dagster as dg

from shoplocal import settings
from shoplocal.lib.factories import region_orders
from shoplocal.settings import GROUP

# The region scripts run for; defs() picks its own.
region = "us"


@dg.definitions
def defs() -> dg.Definitions:
    if os.environ.get("SHOP_REGION") == "us":
        region = "us"
    else:
        region = "eu"
    orders = region_orders(region)
    refunds = dg.AssetSpec(f"{settings.PREFIX}_refunds", group_name=GROUP)
    refunds = refunds.replace_attributes(owners=[settings.OWNER])
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
        dg.Definitions(assets=[orders, refunds]),
    )
