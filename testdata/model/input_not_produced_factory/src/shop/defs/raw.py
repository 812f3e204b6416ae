import os

from shop.factories import make_raw_asset

raw_orders = make_raw_asset(os.environ.get("SHOP_ORDERS_TABLE", "orders"))
