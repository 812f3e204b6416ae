import dagster as dg

import retail.defs

defs = dg.load_defs(retail.defs)
