"""DGD401-DGD404: two different definitions with one key or name, across the project."""

from __future__ import annotations

from typing import Iterator

from flake8_dgdefs.checks.keys import asset_key, check_key
from flake8_dgdefs.autoloader import Loaded
from flake8_dgdefs.model import ASSET, ASSET_CHECK, JOB, SCHEDULE_OR_SENSOR, Violation
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap
from flake8_dgdefs.rules import DGD401, DGD402, DGD403, DGD404

RULE_OF = {ASSET: DGD401, JOB: DGD402, SCHEDULE_OR_SENSOR: DGD403, ASSET_CHECK: DGD404}


def check_duplicates(project: ProjectMap, module: ModuleInfo) -> Iterator[Violation]:
    if not project.loader_calls:
        return
    for loaded, earlier, key in project.loading.duplicates.get(module.name, ()):
        category = loaded.definition.category
        if category not in RULE_OF:
            continue
        definition = loaded.definition
        other = earlier.definition
        yield Violation(
            definition.line,
            definition.col,
            RULE_OF[category].format(
                key=key,
                kind=definition.kind,
                name=definition.binding or definition.label,
                other=f"{other.kind} '{other.binding or other.label}'",
                where=f"{earlier.origin.path}:{other.line}",
                error=_error(category, key, loaded, earlier),
            ),
        )


def _error(category: str, key: str, loaded: Loaded, earlier: Loaded) -> str:
    """Dagster's message; within one module its module loader speaks first."""
    same_module = loaded.via == earlier.via
    if category == ASSET:
        if same_module:
            return f"Asset key {key} is defined multiple times"
        return f"Duplicate asset key: {asset_key(key)}"
    if category == ASSET_CHECK:
        return f"Duplicate asset check key: {check_key(key)}"
    if category == JOB:
        if same_module:
            return f"Job name {key} is defined multiple times"
        if loaded.definition.binding in loaded.origin.scan.loading.asset_jobs:
            return f"Duplicate definition found for unresolved job '{key}'"
        return f"Duplicate job definition found for job '{key}'"
    if same_module and loaded.definition.kind == earlier.definition.kind:
        noun = "Schedule" if loaded.definition.kind == "schedule" else "Sensor"
        return f"{noun} name {key} is defined multiple times"
    return f"Duplicate definition found for {key}"
