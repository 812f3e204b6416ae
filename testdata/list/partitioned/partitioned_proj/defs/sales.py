"""Partitioned assets: each partitions definition comes from partitioned_proj.partitions."""

import dagster as dg

from partitioned_proj import partitions
from partitioned_proj.partitions import daily, hourly, monthly, weekly


@dg.asset(partitions_def=daily, group_name="sales")
def orders() -> None: ...


@dg.asset(partitions_def=daily, group_name="sales")
def refunds(orders) -> None: ...


@dg.asset(partitions_def=hourly)
def clicks() -> None: ...


@dg.asset(partitions_def=weekly)
def weekly_report() -> None: ...


@dg.asset(partitions_def=monthly)
def invoices() -> None: ...


@dg.asset(partitions_def=partitions.first_of_month)
def ledger() -> None: ...


@dg.asset(partitions_def=partitions.daily_by_region)
def regional_orders() -> None: ...


@dg.asset(partitions_def=partitions.regions)
def region_config() -> None: ...


@dg.multi_asset(
    specs=[dg.AssetSpec("stock"), dg.AssetSpec("stock_moves")], partitions_def=hourly
)
def inventory(): ...


@dg.asset
def customers() -> None: ...
