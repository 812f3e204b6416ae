import dagster_components as dg_components
import my_existing_project.defs

defs = dg_components.load_defs(my_existing_project.defs)
