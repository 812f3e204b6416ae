import dagster as dg

from shop.resources import ReportStore, Warehouse


@dg.asset
def raw_orders(warehouse: Warehouse) -> dict:
    """Orders, read from the warehouse."""
    return {}


@dg.asset
def order_report(raw_orders: dict, store: ReportStore) -> None:
    """A report on the orders: `raw_orders` is an input, `store` a resource."""
