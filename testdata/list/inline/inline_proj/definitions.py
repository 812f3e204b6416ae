from pathlib import Path

import dagster as dg

defs = dg.Definitions.merge(
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent.parent),
    dg.Definitions(assets=[dg.AssetSpec("vendor_feed", group_name="vendors")]),
)
