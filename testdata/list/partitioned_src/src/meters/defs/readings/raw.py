import dagster as dg

from ..partitions import every_four_hours


@dg.asset(partitions_def=every_four_hours, key_prefix="meters")
def raw_readings() -> None: ...


@dg.asset(
    partitions_def=dg.DailyPartitionsDefinition(start_date="2024-01-01", hour_offset=4),
    key_prefix=["meters"],
)
def daily_totals(raw_readings) -> None: ...


@dg.multi_asset(
    specs=[
        dg.AssetSpec("peaks", partitions_def=every_four_hours),
        dg.AssetSpec("troughs", partitions_def=every_four_hours),
    ]
)
def extremes(): ...
