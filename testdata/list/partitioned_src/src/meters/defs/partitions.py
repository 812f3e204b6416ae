"""Partitions definitions, inside the defs folder (loaded, but not definitions)."""

import dagster as dg

TZ = "Europe/Paris"

every_four_hours = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 */4 * * *", start="2024-01-01-00:00", fmt="%Y-%m-%d-%H:%M"
)
nightly = dg.TimeWindowPartitionsDefinition(
    start="2024-01-01", fmt="%Y-%m-%d", cron_schedule="15 3 * * *", timezone=TZ
)
weekly_sunday = dg.WeeklyPartitionsDefinition("2024-01-07", hour_offset=23)
monthly_first = dg.MonthlyPartitionsDefinition(start_date="2024-01-01", day_offset=0)
