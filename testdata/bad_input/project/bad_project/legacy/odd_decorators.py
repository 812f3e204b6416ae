"""Decorators that are not names: none of them is Dagster's, the last one is."""

import dagster as dg


def get() -> list:
    return []


@get()[0].x
def subscripted() -> None: ...


@(lambda function: function)
def lambda_decorated() -> None: ...


@dg.asset()["not", "a", "name"]
def subscripted_asset_call() -> None: ...


@dg.asset
def real_asset() -> None: ...
