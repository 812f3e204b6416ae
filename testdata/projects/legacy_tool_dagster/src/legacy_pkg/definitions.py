from pathlib import Path

import dagster as dg

from . import defs
from .sensors.watch import refresh_job, watch_bucket

defs = dg.Definitions.merge(
    dg.Definitions(jobs=[refresh_job], sensors=[watch_bucket]),
    dg.load_defs(defs, project_root=Path(__file__).parent.parent.parent),
)
