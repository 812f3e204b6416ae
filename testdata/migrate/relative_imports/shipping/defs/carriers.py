import dagster as dg

from shipping.helpers import PREFIX


@dg.asset
def carriers() -> None:
    assert PREFIX
