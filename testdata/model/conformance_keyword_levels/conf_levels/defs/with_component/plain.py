import dagster as dg


@dg.asset
def beside_component_py() -> None: ...
