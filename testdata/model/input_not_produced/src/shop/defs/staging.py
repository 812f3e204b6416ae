import dagster as dg


@dg.asset(group_name="staging")
def stg_orders(context: dg.AssetExecutionContext, raw_orders) -> None:
    """Orders, cleaned."""


@dg.asset(group_name="staging", deps=["raw_refunds"])
def stg_refunds() -> None:
    """Refunds: an upstream table loaded by another tool (a stub, not an input)."""
