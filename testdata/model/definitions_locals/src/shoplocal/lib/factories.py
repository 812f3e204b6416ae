"""Factories the code location calls: one orders asset per region."""

import dagster as dg

from shoplocal import settings


def region_orders(region: str, group: str = settings.GROUP) -> dg.AssetsDefinition:
    @dg.asset(name=f"orders_{region}", key_prefix=[settings.PREFIX], group_name=group)
    def _orders() -> None:
        """Orders of one region."""

    return _orders
