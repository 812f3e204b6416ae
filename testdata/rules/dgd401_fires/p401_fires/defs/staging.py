import dagster as dg

shop_orders = dg.AssetSpec(key=["shop", "orders"])
