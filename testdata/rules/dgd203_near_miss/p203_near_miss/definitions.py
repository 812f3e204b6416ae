from pathlib import Path

import dagster as dg

from p203_near_miss.defs.settings import WAREHOUSE_URL

defs = dg.Definitions.merge(
    dg.Definitions(resources={"warehouse": dg.ResourceDefinition.hardcoded_resource(WAREHOUSE_URL)}),
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent.parent),
)
