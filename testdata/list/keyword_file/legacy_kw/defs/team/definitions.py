"""With the legacy load_defs, this folder loads only this file."""

import dagster as dg


@dg.asset(group_name="team")
def roster() -> None: ...


roster_job = dg.define_asset_job("roster_job", selection=[roster])
