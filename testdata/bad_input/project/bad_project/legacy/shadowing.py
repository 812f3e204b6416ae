"""Names that shadow Dagster's: after a rebinding, `asset` is not Dagster's any more."""

from dagster import asset, job

import dagster as dg


@asset
def before_shadowing() -> None: ...


asset = 3
job = lambda function: function  # noqa: E731
dg = object()


@job
def not_a_job() -> None: ...


@dg.asset
def not_an_asset() -> None: ...


def define_asset_job() -> None: ...


not_a_job_either = define_asset_job()
