import dagster as dg

import p305_fires.defs

defs = dg.load_defs(p305_fires.defs)
