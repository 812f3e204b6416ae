import dagster as dg

from shop.settings import RAW_GROUP


def make_raw_asset(table: str) -> dg.AssetsDefinition:
    @dg.asset(name=f"raw_{table}", group_name=RAW_GROUP)
    def _raw() -> None:
        """A raw table, copied as is."""

    return _raw
