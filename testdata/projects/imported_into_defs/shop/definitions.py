import dagster as dg

import shop.defs
from shop.elt.assets import refunds

defs = dg.Definitions.merge(
    dg.Definitions(assets=[refunds]),
    dg.load_defs(shop.defs),
)
