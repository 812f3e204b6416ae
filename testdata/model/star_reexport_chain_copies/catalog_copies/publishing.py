import dagster as dg

from catalog_copies.config import FEED_FORMAT

catalog_feed = dg.AssetSpec(
    f"catalog_feed_{FEED_FORMAT}", description="Published by the vendor portal"
)
