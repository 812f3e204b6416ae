"""DGD101, DGD102, DGD201: definitions that live outside the defs package."""

from __future__ import annotations

from typing import Iterator

from flake8_dgdefs.loading import LoadModel
from flake8_dgdefs.model import Definition, Violation
from flake8_dgdefs.project_map import ModuleInfo
from flake8_dgdefs.rules import DGD101, DGD102, DGD201

#: How many definitions a DGD201 message names before it says "and N more".
NAMED_IN_SUMMARY = 3


def check_outside_defs(model: LoadModel, module: ModuleInfo) -> Iterator[Violation]:
    """DGD101 / DGD102: definitions of the root package that live outside defs."""
    if model.in_defs(module.name) or not model.project.in_root_package(module.name):
        return
    for definition in _own_definitions(module):
        loaded = model.autoloaded(module, definition)
        if loaded is not None and not loaded.certain:
            continue  # the autoloader may reach it: neither claim can be made
        importer = loaded.via if loaded is not None else None
        rule = DGD102 if importer else DGD101
        yield Violation(
            definition.line,
            definition.col,
            rule.format(
                kind=definition.kind,
                name=definition.label,
                defs_module=model.defs_module,
                importer=importer,
                path=module.path,
                defs_path=model.defs_path,
            ),
        )


def check_manual_imports(model: LoadModel, module: ModuleInfo) -> Iterator[Violation]:
    """DGD201: imports of the code location, beside the autoloader, of modules that still
    hold definitions outside defs."""
    location = model.location
    if location.target is None or module.name != location.target.name:
        return
    project = model.project
    for ref in module.scan.imports:
        for target in project.import_targets(ref):
            if target == module.name or model.in_defs(target):
                continue
            definitions = _not_autoloaded(model, project.modules[target])
            if not definitions:
                continue
            yield Violation(
                ref.line,
                ref.col,
                DGD201.format(
                    module=target,
                    loader=location.loader,
                    summary=_summary(definitions),
                    defs_module=model.defs_module,
                    path=project.modules[target].path,
                    defs_path=model.defs_path,
                ),
            )


def _importer_in_defs(model: LoadModel, module: ModuleInfo, definition: Definition) -> str | None:
    """The defs module through which the autoloader reaches this definition, if any."""
    loaded = model.autoloaded(module, definition)
    return loaded.via if loaded is not None else None


def _not_autoloaded(model: LoadModel, module: ModuleInfo) -> tuple[Definition, ...]:
    return tuple(
        d for d in _own_definitions(module) if not _importer_in_defs(model, module, d)
    )


def _own_definitions(module: ModuleInfo) -> tuple[Definition, ...]:
    """The definitions a module creates itself (not lists re-loaded from other modules)."""
    return tuple(d for d in module.scan.definitions if not d.reloads)


def _summary(definitions: tuple[Definition, ...]) -> str:
    named = ", ".join(f"{d.kind} '{d.label}'" for d in definitions[:NAMED_IN_SUMMARY])
    more = len(definitions) - NAMED_IN_SUMMARY
    return f"definitions ({named}{f' and {more} more' if more > 0 else ''})"
