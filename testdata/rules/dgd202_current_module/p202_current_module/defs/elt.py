import dagster as dg


@dg.asset
def customers_table() -> None: ...


all_assets = dg.load_assets_from_current_module()
