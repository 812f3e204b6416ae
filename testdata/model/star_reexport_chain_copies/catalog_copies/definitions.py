from pathlib import Path

import dagster as dg

from catalog_copies.defs import tables
from catalog_copies.publishing import catalog_feed

defs = dg.Definitions.merge(
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
    dg.Definitions(assets=[*dg.load_assets_from_modules([tables]), catalog_feed]),
)
