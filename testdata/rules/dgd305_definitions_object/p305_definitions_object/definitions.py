import dagster as dg

import p305_definitions_object.defs

defs = dg.load_defs(p305_definitions_object.defs)
