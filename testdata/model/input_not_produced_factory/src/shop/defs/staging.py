import dagster as dg

from shop.settings import RAW_GROUP


@dg.asset(group_name=RAW_GROUP)
def stg_orders(context: dg.AssetExecutionContext, raw_orders) -> None:
    """Orders, cleaned."""
