"""The shop's connections, as Dagster resources."""

import dagster as dg


class Warehouse(dg.ConfigurableResource):
    """The analytics warehouse."""

    dsn: str = "duckdb:///shop.db"


class ReportStore(Warehouse):
    """Where reports are written: a warehouse schema."""
