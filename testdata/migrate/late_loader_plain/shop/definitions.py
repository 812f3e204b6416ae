from pathlib import Path

import dagster as dg

from shop import late, orders

defs = dg.Definitions.merge(
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
    dg.Definitions(
        assets=[*dg.load_assets_from_modules([orders, late]), dg.AssetSpec("refunds")],
    ),
)
