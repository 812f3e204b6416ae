"""A namespace folder (no __init__.py) under a src/ layout, configured by dg.toml."""

import dagster as dg

STREAM = "clicks"


@dg.asset(name=STREAM + "_raw", key_prefix="events", group_name="events")
def raw() -> None: ...


@dg.asset(key_prefix="events", group_name="events")
def sessions(clicks_raw: None) -> None: ...


sessions_job = dg.define_asset_job(f"{STREAM}_sessions", selection=[sessions])
