"""Two assets from a factory, one written out: the listing shows one and names the calls."""

import dagster as dg

from factory_proj.factories import table_asset

orders = table_asset("orders")
customers = table_asset("customers")


@dg.asset(group_name="tables", deps=["orders", "customers"])
def order_report() -> None: ...
