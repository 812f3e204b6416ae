import dagster as dg

quarterly_report = dg.AssetSpec("quarterly_report")
