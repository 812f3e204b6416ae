"""Asia's orders, built by the same factory under another key: no clash."""

from shopfac.lib import factories

apac_backfill = factories.region_orders("apac", group="backfill")
