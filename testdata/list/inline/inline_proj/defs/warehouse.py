"""A Definitions object takes this module over: `kept` loads, `dropped` does not."""

import dagster as dg


@dg.asset(group_name="warehouse")
def kept() -> None: ...


@dg.asset
def dropped() -> None: ...


defs = dg.Definitions(assets=[kept])
