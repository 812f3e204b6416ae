import dagster as dg

from shopcond.settings import REGION


def regional_spec(name: str) -> dg.AssetSpec:
    """The spec of a regional table: the EU one unless the region says otherwise."""
    spec = dg.AssetSpec(["shop", f"{name}_eu"], group_name="sales")
    if REGION != "eu":
        spec = dg.AssetSpec(["shop", f"{name}_us"], group_name="sales")
    return spec
