"""The root module: the autoloader, beside one module still imported by hand."""

import dagster as dg

from bad_project.legacy import assets as legacy_assets

defs = dg.Definitions.merge(
    dg.Definitions(assets=dg.load_assets_from_modules([legacy_assets])),
    dg.load_from_defs_folder(project_root=__file__),
)
