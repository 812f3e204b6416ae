import dagster as dg

from shopcond.lib.factories import regional_spec
from shopcond.settings import REGION

# Which spec the module holds is decided when it loads: either may be `orders`.
if REGION == "eu":
    orders = dg.AssetSpec(["shop", "orders_eu"], group_name="sales")
else:
    orders = dg.AssetSpec(["shop", "orders_us"], group_name="sales")

refunds = regional_spec("refunds")


@dg.asset(group_name="sales", deps=[["shop", "refunds_eu"]])
def refund_rate() -> None: ...
