from shopfac.lib.factories import region_orders
from shopfac.settings import REGIONS

orders_eu = region_orders(REGIONS[0])
orders_us = region_orders(region=REGIONS[1])
