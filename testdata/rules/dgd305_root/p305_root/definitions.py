import dagster as dg

import p305_root.defs

defs = dg.load_defs(p305_root.defs)
