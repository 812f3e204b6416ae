import dagster as dg


class WarehouseResource(dg.ConfigurableResource):
    """A connection to the finance warehouse."""

    dsn: str
    schema_name: str

    def execute(self, sql: str) -> None: ...
