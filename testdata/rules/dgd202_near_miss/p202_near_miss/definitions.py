from pathlib import Path

import dagster as dg

from p202_near_miss.defs import jobs

defs = dg.Definitions.merge(
    dg.Definitions(assets=dg.load_assets_from_modules([jobs])),
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent.parent),
)
