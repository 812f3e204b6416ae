"""Beside a component of another type: not loaded by Dagster."""

import dagster as dg


@dg.asset
def crm_notes() -> None: ...
