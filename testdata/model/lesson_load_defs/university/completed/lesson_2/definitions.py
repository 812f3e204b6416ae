import dagster as dg

import university.completed.lesson_2.defs

defs = dg.load_defs(defs_root=university.completed.lesson_2.defs)
