import dagster as dg

from storefront_tuple import settings
from storefront_tuple.settings import GROUP, TABLES


@dg.asset(key_prefix=settings.PREFIX, group_name=GROUP)
def revenue() -> None: ...


raw_tables = tuple(dg.AssetSpec(f"raw_{t}", group_name=GROUP) for t in TABLES)
