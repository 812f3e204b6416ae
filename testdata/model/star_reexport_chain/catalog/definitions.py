from pathlib import Path

import dagster as dg

from catalog.defs import raw_orders, staged_orders
from catalog.publishing import catalog_feed

defs = dg.Definitions.merge(
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
    dg.Definitions(assets=[raw_orders, staged_orders, catalog_feed]),
)
