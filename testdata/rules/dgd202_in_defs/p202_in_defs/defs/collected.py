import dagster as dg

from p202_in_defs.defs import elt

elt_assets = dg.load_assets_from_modules([elt], group_name="elt")
