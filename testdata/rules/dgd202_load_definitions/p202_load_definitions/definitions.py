from pathlib import Path

import dagster as dg

from p202_load_definitions.defs import elt

defs = dg.Definitions.merge(
    dg.load_definitions_from_module(elt),
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent.parent),
)
