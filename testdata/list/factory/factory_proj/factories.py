"""A factory: the assets it builds are only named when it runs."""

import dagster as dg


def table_asset(name: str, group: str = "tables") -> dg.AssetsDefinition:
    @dg.asset(name=name, group_name=group)
    def _table() -> None: ...

    return _table
