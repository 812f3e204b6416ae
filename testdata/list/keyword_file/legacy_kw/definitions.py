import dagster as dg

import legacy_kw.defs

defs = dg.load_defs(legacy_kw.defs)
