from pathlib import Path

import dagster as dg

from marketing.external import ad_platform_export
from marketing.legacy import campaigns

defs = dg.Definitions.merge(
    dg.Definitions(
        assets=dg.with_source_code_references(
            [*dg.load_assets_from_modules([campaigns]), ad_platform_export]
        )
    ),
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
)
