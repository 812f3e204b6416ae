from pathlib import Path

import dagster as dg

from shop.resources import ReportStore, Warehouse

defs = dg.Definitions.merge(
    dg.load_from_defs_folder(project_root=Path(__file__).parent.parent.parent),
    dg.Definitions(resources={"warehouse": Warehouse(), "store": ReportStore()}),
)
