"""DGD202 / DGD203: the root module loads by hand what the autoloader already loads."""

from __future__ import annotations

from typing import Iterator

from flake8_dgdefs.checks.keys import asset_key, check_key
from flake8_dgdefs.model import ASSET, ASSET_CHECK, ManualLoad, Violation
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap
from flake8_dgdefs.rules import DGD202, DGD203
from flake8_dgdefs.scan.loading import COPYING_LOADERS


def check_root_module(project: ProjectMap, module: ModuleInfo) -> Iterator[Violation]:
    """DGD202 / DGD203 in the root module; DGD202 also in a defs module the walk collects."""
    loader = project.loading.loader
    if loader is None:
        return
    if project.in_defs(module.name):
        view = project.loading
        if view.skipped(module) or view.takeovers(module) or view.fails(module):
            return
        for call in module.scan.loading.manual_loads:
            if call.helper in COPYING_LOADERS and call.module_level:
                yield from _reloaded(project, call, loader, module)
        return
    if not module.scan.loader_calls:
        return
    for call in module.scan.loading.manual_loads:
        if call.helper in COPYING_LOADERS:
            yield from _reloaded(project, call, loader, module)
    yield from _listed(project, module, loader)


def _targets(project: ProjectMap, call: ManualLoad) -> list[str]:
    """The project modules a hand loader reads, in the order it names them."""
    found = [name for name in call.modules if name in project.modules]
    for package in call.packages:
        found.extend(
            name
            for name in sorted(project.modules)
            if name == package or name.startswith(package + ".")
        )
    return list(dict.fromkeys(found))


def _reloaded(
    project: ProjectMap, call: ManualLoad, loader: str, caller: ModuleInfo
) -> Iterator[Violation]:
    """DGD202: one violation per call, naming the first module the autoloader loads too."""
    category = ASSET_CHECK if "check" in call.helper else ASSET
    clashes: list[tuple[str, str]] = []  # (module, its first key the autoloader loads)
    for target in _targets(project, call):
        if not project.in_defs(target):
            continue
        info = project.modules[target]
        keys = [
            key
            for definition in info.scan.definitions
            if definition.category == category
            and definition.binding
            and project.loading.is_loaded(info, definition)
            for key in definition.keys
        ]
        if keys:
            clashes.append((target, keys[0]))
    if not clashes:
        return
    target, key = clashes[0]
    if category == ASSET_CHECK:
        error = f"Duplicate asset check key: {check_key(key)}"
    elif target == caller.name:  # the module's own loader sees both copies first
        error = f"Asset key {key} is defined multiple times"
    else:
        error = f"Duplicate asset key: {asset_key(key)}"
    more = len(clashes) - 1
    yield Violation(
        call.line,
        call.col,
        DGD202.format(
            helper=call.helper,
            module=f"{target} (and {more} more defs modules)" if more else target,
            loader=loader,
            error=error,
            fix=_fix(project, call, [module for module, _ in clashes]),
        ),
    )


def _fix(project: ProjectMap, call: ManualLoad, modules: list[str]) -> str:
    if call.helper.endswith("_current_module"):
        return "remove this call"
    if call.packages:
        package = call.packages[0]
        if project.in_defs(package):
            return f"remove this call (the autoloader loads {package})"
        return f"load only modules outside {project.defs_module} by hand"
    return f"remove {', '.join(modules)} from this call"


def _listed(project: ProjectMap, module: ModuleInfo, loader: str) -> Iterator[Violation]:
    """DGD203: names listed in Definitions(...) that the autoloader loads anyway."""
    for listed in module.scan.loading.listed:
        if listed.qualified is None:
            continue
        found = project.loading.resolve(listed.qualified)
        if found is None:
            continue
        origin, definition = found
        if not project.loading.is_loaded(origin, definition):
            continue
        yield Violation(
            listed.line,
            listed.col,
            DGD203.format(kind=definition.kind, name=definition.label, loader=loader,
                          module=origin.name),
        )
