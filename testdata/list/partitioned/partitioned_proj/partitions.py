"""The project's partitions definitions, shared by assets and jobs."""

from datetime import datetime

import dagster as dg

START = "2024-01-01"
EU_MORNING = 6

daily = dg.DailyPartitionsDefinition(start_date=START, hour_offset=2, minute_offset=30)
hourly = dg.HourlyPartitionsDefinition(start_date="2024-01-01-00:00", minute_offset=15)
weekly = dg.WeeklyPartitionsDefinition(start_date=START, day_offset=3, hour_offset=EU_MORNING)
monthly = dg.MonthlyPartitionsDefinition(start_date=datetime(2024, 1, 1), day_offset=5)
first_of_month = dg.MonthlyPartitionsDefinition(START)
regions = dg.StaticPartitionsDefinition(["eu", "us"])
daily_by_region = dg.MultiPartitionsDefinition({"date": daily, "region": regions})
