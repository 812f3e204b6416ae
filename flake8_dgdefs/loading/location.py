"""Where Dagster starts: the code location module, and the autoloader call it reaches.

The module Dagster imports is the project's code location target
(`code_location_target_module`, `[tool.dagster] module_name`, else
`<root_module>.definitions`). Only an autoloader call made there, or in a project module it
imports, decides the defs package: a `load_defs(...)` anywhere else in the tree (a course's
`completed/lesson_2/definitions.py`) plays no part. A code location that never calls the
autoloader is not migrating to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flake8_dgdefs.model import LoaderCall
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap, within


@dataclass(frozen=True)
class CodeLocation:
    """The module Dagster loads, and what it asks the autoloader for."""

    target: ModuleInfo | None  # None: the module is not part of the scanned tree
    calls: tuple[tuple[ModuleInfo, LoaderCall], ...]  # autoloader calls it reaches
    defs_module: str | None  # the package the autoloader walks

    @property
    def autoloads(self) -> bool:
        return bool(self.calls)

    @property
    def loader(self) -> str | None:
        """"load_defs" or "load_from_defs_folder"; None when the autoloader is not called."""
        return self.calls[0][1].loader if self.calls else None

    @property
    def legacy(self) -> bool:
        return self.loader == "load_defs"


def locate(project: ProjectMap, target_name: str | None = None) -> CodeLocation:
    """`target_name`: the code location module, when already known (loading.focus): it
    is then not searched for among every module's loader calls."""
    target = _target(project) if target_name is None else project.modules.get(target_name)
    calls = _reached_calls(project, target) if target is not None else ()
    defs = project.configured_defs_module
    if not project.defs_module_pinned:
        defs = next((call.target for _, call in calls if call.target), defs)
    return CodeLocation(target, calls, defs)


def _target(project: ProjectMap) -> ModuleInfo | None:
    """The configured target; without settings, the module outside defs that calls the
    autoloader (`<root>.definitions` first), else `<root>.definitions`."""
    if project.configured_target is not None:
        return project.modules.get(project.configured_target)
    default = f"{project.root_module}.definitions"
    defs = project.configured_defs_module
    callers = sorted(
        (
            module
            for module in project.modules.values()
            if module.scan.loader_calls
            and not within(module.name, defs)
        ),
        key=lambda module: (module.name != default, module.name),
    )
    return callers[0] if callers else project.modules.get(default)


def _reached_calls(
    project: ProjectMap, target: ModuleInfo
) -> tuple[tuple[ModuleInfo, LoaderCall], ...]:
    """The target's own autoloader calls; else those of the project modules it imports
    (`from my_project.loader import defs`)."""
    own = tuple((target, call) for call in target.scan.loader_calls)
    if own:
        return own
    found: dict[tuple[str, LoaderCall], tuple[ModuleInfo, LoaderCall]] = {}
    for ref in target.scan.imports:
        if not ref.module_level:
            continue
        names = [f"{ref.module}.{name}" for name, _ in ref.names] if ref.names else []
        for candidate in (*names, ref.module):
            module = project.modules.get(candidate)
            if module is not None and module is not target:
                for call in module.scan.loader_calls:
                    found.setdefault((module.name, call), (module, call))
                break
    return tuple(found.values())
