"""Europe's orders, moved into defs while the code location still builds them."""

from shoplocal.lib.factories import region_orders

orders_eu = region_orders("eu")
