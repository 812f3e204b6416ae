from pathlib import Path

import dagster as dg

from mapped_proj.settings import SHEETS_GROUP

defs = dg.Definitions.merge(
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent.parent),
    # Specs built in place, copied into the group the function sets.
    dg.Definitions(
        assets=dg.map_asset_specs(
            lambda spec: spec.replace_attributes(group_name=SHEETS_GROUP),
            [dg.AssetSpec("budget"), dg.AssetSpec("forecast", group_name="old")],
        )
    ),
    # A function that changes what the listing does not read: its fields are unresolved.
    dg.Definitions(
        assets=dg.map_asset_specs(
            lambda spec: spec.merge_attributes(tags={"team": "ops"}),
            [dg.AssetSpec("vendor_feed", group_name="vendors")],
        )
    ),
)
