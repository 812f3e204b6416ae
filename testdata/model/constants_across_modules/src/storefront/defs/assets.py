import dagster as dg

from storefront import settings
from storefront.settings import GROUP, TABLES


@dg.asset(key_prefix=settings.PREFIX, group_name=GROUP)
def revenue() -> None: ...


raw_tables = [dg.AssetSpec(f"raw_{t}", group_name=GROUP) for t in TABLES]
