from pathlib import Path

import dagster as dg

import p202_package.defs.sales

defs = dg.Definitions.merge(
    dg.Definitions(assets=dg.load_assets_from_package_module(p202_package.defs.sales)),
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent.parent),
)
