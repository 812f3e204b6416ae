from pathlib import Path

import dagster as dg

from marketing_rewrap.defs.attribution import attribution_model
from marketing_rewrap.legacy import campaigns

defs = dg.Definitions.merge(
    dg.Definitions(
        assets=dg.with_source_code_references(
            [*dg.load_assets_from_modules([campaigns]), attribution_model]
        )
    ),
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
)
