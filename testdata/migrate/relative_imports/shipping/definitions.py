from pathlib import Path

import dagster as dg

from . import reports
from .pipelines import ingest  # the raw tables
from .pipelines.schedules import nightly_job, nightly_schedule

defs = dg.Definitions.merge(
    dg.Definitions(
        assets=dg.load_assets_from_modules([ingest, reports]),
        jobs=[nightly_job],
        schedules=[nightly_schedule],
    ),
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
)
