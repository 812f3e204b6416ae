import dagster as dg

import conf_levels.defs

defs = dg.load_defs(conf_levels.defs)
