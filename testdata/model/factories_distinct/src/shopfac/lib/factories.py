"""Factories the definition modules call: one orders asset per region, raw tables, jobs."""

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


def raw_table(table: str, *, owner: str = "team:data") -> dg.AssetSpec:
    key = ["raw", table]
    return dg.AssetSpec(key=key, group_name="raw", owners=[owner])


def region_job(region: str):
    return dg.define_asset_job(
        f"{region}_orders_job", selection=[f"{settings.PREFIX}/orders_{region}"]
    )
