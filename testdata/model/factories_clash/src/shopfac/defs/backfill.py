"""A backfill of Europe's orders in its own group: built by the same factory, same key."""

from shopfac.lib import factories

eu_backfill = factories.region_orders("eu", group="backfill")
