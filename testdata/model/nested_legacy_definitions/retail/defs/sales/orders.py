import dagster as dg

from retail.constants import SALES_GROUP


@dg.asset(group_name=SALES_GROUP)
def raw_orders() -> None: ...


@dg.asset(group_name=SALES_GROUP, deps=[raw_orders])
def daily_sales() -> None: ...
