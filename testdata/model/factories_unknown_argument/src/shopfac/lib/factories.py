"""Factories the definition modules call: one orders asset per region."""

import dagster as dg

from shopfac import settings

WAREHOUSE_KIND = "snowflake"


def region_orders(region: str, group: str = settings.GROUP) -> dg.AssetsDefinition:
    @dg.asset(
        name=f"orders_{region}",
        key_prefix=[settings.PREFIX],
        group_name=group,
        kinds={WAREHOUSE_KIND},
    )
    def _orders() -> None:
        """Orders of one region."""

    return _orders
