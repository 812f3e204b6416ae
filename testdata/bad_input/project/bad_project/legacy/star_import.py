"""Star imports: of Dagster (so a bare `asset` is Dagster's) and of a project module."""

from dagster import *  # noqa: F403

from bad_project.legacy.assets import *  # noqa: F403


@asset  # noqa: F405
def star_asset() -> None: ...
