"""DGD202 / DGD203: the code location loads by hand what the autoloader already loads."""

from __future__ import annotations

from typing import Iterator

from flake8_dgdefs.loading import Clash, Copy, LoadModel
from flake8_dgdefs.loading.wording import clash_error
from flake8_dgdefs.model import Violation
from flake8_dgdefs.project_map import ModuleInfo
from flake8_dgdefs.rules import DGD202, DGD203


def check_root_module(model: LoadModel, module: ModuleInfo) -> Iterator[Violation]:
    """DGD202 at each `load_*_from_*` call whose copies collide with the autoloaded
    originals; DGD203 in the code location."""
    calls: dict[tuple[int, int], list[Clash]] = {}
    for clash in model.clashes:
        copy = clash.later.copy
        if clash.is_reload and copy is not None and copy.module.name == module.name:
            calls.setdefault((copy.line, copy.col), []).append(clash)
    for clashes in calls.values():
        yield _reloaded(model, clashes)
    target = model.location.target
    if target is not None and module.name == target.name:
        yield from _listed(model, module)


def _reloaded(model: LoadModel, clashes: list[Clash]) -> Violation:
    """DGD202: one violation per call, naming the first module the autoloader loads too."""
    copy = clashes[0].later.copy
    assert copy is not None
    modules = list(dict.fromkeys(clash.later.origin.name for clash in clashes))
    more = len(modules) - 1
    return Violation(
        copy.line,
        copy.col,
        DGD202.format(
            helper=copy.helper,
            module=f"{modules[0]} (and {more} more defs modules)" if more else modules[0],
            loader=model.location.loader,
            error=clash_error(clashes[0]),
            fix=_fix(model, copy, modules),
        ),
    )


def _fix(model: LoadModel, copy: Copy, modules: list[str]) -> str:
    if copy.helper.endswith("_current_module"):
        return "remove this call"
    if copy.package:
        package = copy.modules[0]
        if model.in_defs(package):
            return f"remove this call (the autoloader loads {package})"
        return f"load only modules outside {model.defs_module} by hand"
    return f"remove {', '.join(modules)} from this call"


def _listed(model: LoadModel, module: ModuleInfo) -> Iterator[Violation]:
    """DGD203: names listed in Definitions(...) that the autoloader loads anyway."""
    for listed in module.scan.loading.listed:
        if listed.qualified is None or listed.argument == "resources" or listed.wrapper:
            continue  # a wrapper rebuilds it: a new object, not a redundant one (DGD202)
        found = model.resolver.qualified(listed.qualified)
        if found is None:
            continue
        origin, definition = found
        loaded = model.autoloaded(origin, definition)
        if loaded is None or not loaded.certain:
            continue
        yield Violation(
            listed.line,
            listed.col,
            DGD203.format(kind=definition.kind, name=definition.label,
                          loader=model.location.loader, module=origin.name),
        )
