import dagster as dg

shared_defs = dg.Definitions(assets=[dg.AssetSpec("raw_events")])
