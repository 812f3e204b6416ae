from pathlib import Path

import dagster as dg

from p203_fires.defs.assets import orders_job

defs = dg.Definitions.merge(
    dg.Definitions(jobs=[orders_job]),
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent.parent),
)
