from pathlib import Path

import dagster as dg

from p202_checks.defs import quality

defs = dg.Definitions.merge(
    dg.Definitions(asset_checks=dg.load_asset_checks_from_modules([quality])),
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent.parent),
)
