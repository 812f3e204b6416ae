from pathlib import Path

import dagster as dg
from dagster.components import load_defs

from warehouse import defs as defs_package
from warehouse.reports import daily

defs = dg.Definitions.merge(
    dg.Definitions(assets=[daily.build_daily_report], jobs=[daily.daily_report_job]),
    load_defs(defs_package, project_root=Path(__file__).parent.parent),
)
