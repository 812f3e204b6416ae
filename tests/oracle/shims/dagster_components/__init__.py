"""Test-only stand-in for the legacy ``dagster_components`` package.

The Dagster guide imports ``dagster_components``, which cannot be installed next to
dagster 1.13. Its API now lives in ``dagster.components``; this shim re-exports it so
that the guide's projects import unchanged under the oracle.
"""

from dagster.components import *  # noqa: F401,F403
from dagster.components import (  # noqa: F401
    Component,
    ComponentLoadContext,
    DefsFolderComponent,
    build_component_defs,
    component_instance,
    definitions,
    load_defs,
    load_from_defs_folder,
)
