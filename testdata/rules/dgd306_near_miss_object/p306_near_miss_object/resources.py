import dagster as dg


class WarehouseResource(dg.ConfigurableResource):
    url: str
