import dagster as dg

import conf_imports.defs

defs = dg.load_defs(conf_imports.defs)
