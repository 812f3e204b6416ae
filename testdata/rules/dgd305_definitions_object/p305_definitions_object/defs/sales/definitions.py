import dagster as dg

from p305_definitions_object.defs.sales.orders import orders, refunds

defs = dg.Definitions(assets=[orders])
