"""DGD301-DGD307: definitions inside defs that the autoloader drops, or a file it refuses."""

from __future__ import annotations

from typing import Iterator

from flake8_dgdefs.api import DEFINITIONS_COMPONENT
from flake8_dgdefs.loading import LoadModel, Takeover
from flake8_dgdefs.model import Definition, Violation
from flake8_dgdefs.project_map import ModuleInfo
from flake8_dgdefs.rules import DGD301, DGD302, DGD303, DGD304, DGD305, DGD306, DGD307

MULTIPLE = "Found multiple Definitions objects in {path}"
MIXED = "Found both @definitions-decorated functions and Definitions objects in {path}"


def check_defs_file(model: LoadModel, module: ModuleInfo) -> Iterator[Violation]:
    if not model.in_defs(module.name):
        return
    walk = model.walk
    skip = walk.skipped(module)
    if skip is not None:
        if skip.detail.rpartition(".")[2] != DEFINITIONS_COMPONENT:  # loads what it imports
            yield from _skipped(model, module, skip.reason, skip.folder, skip.detail)
        return
    if walk.fails(module):
        yield from _refused(module, walk.takeovers(module))
        return
    takeovers = walk.takeovers(module)
    if takeovers:
        yield from _taken_over(model, module, takeovers[0])
    yield from _resources(model, module, takeovers)
    yield from _gathered(module, takeovers)


def _own(module: ModuleInfo) -> Iterator[Definition]:
    for definition in module.scan.definitions:
        if definition.binding and not definition.reloads:
            yield definition


def _skipped(
    model: LoadModel, module: ModuleInfo, reason: str, folder: str, detail: str
) -> Iterator[Violation]:
    """DGD304 (YAML component folder) / DGD305 (legacy keyword file)."""
    for definition in _own(module):
        if model.may_load(module, definition):
            continue  # imported into a module that is loaded, or copied by one
        if reason == "yaml":
            message = DGD304.format(kind=definition.kind, name=definition.label,
                                    folder=folder, type=detail, path=module.path)
        else:
            message = DGD305.format(kind=definition.kind, name=definition.label,
                                    keyword=detail, folder=folder)
        yield Violation(definition.line, definition.col, message)


def _refused(module: ModuleInfo, takeovers: tuple[Takeover, ...]) -> Iterator[Violation]:
    """DGD303: reported at each Definitions object or function after the first."""
    ordered = sorted(takeovers, key=lambda t: (t.obj.line, t.obj.col))
    objects = [t for t in ordered if not t.obj.is_function]
    mixed = len(objects) < len(ordered)
    first = ordered[0] if mixed else objects[0]
    for takeover in ordered:
        if takeover is first or (not mixed and takeover.obj.is_function):
            continue
        what = "@definitions function" if takeover.obj.is_function else "Definitions object"
        error = (MIXED if mixed else MULTIPLE).format(path=module.path)
        yield Violation(
            takeover.obj.line,
            takeover.obj.col,
            DGD303.format(
                name=takeover.obj.binding,
                what=what,
                path=module.path,
                first=f"'{first.obj.binding}' (line {first.obj.line})",
                error=error,
            ),
        )


def _taken_over(model: LoadModel, module: ModuleInfo, takeover: Takeover) -> Iterator[Violation]:
    """DGD301 / DGD302: the file's own definitions the takeover does not contain."""
    obj = takeover.obj
    contained = set(obj.contains) if takeover.origin == module.name else set()
    if takeover.origin == module.name:
        where = f"line {obj.line}"
    else:
        where = f"imported from {takeover.origin}"
    for definition in _own(module):
        if definition.binding in contained or model.may_load(module, definition):
            continue
        rule = DGD302 if obj.is_function else DGD301
        yield Violation(
            definition.line,
            definition.col,
            rule.format(kind=definition.kind, name=definition.label, holder=obj.binding,
                        where=where, path=module.path),
        )


def _resources(
    model: LoadModel, module: ModuleInfo, takeovers: tuple[Takeover, ...]
) -> Iterator[Violation]:
    """DGD306: resources bound at module level, unless a takeover of this file uses them
    or some `Definitions(resources=...)` of the project names them."""
    used = {n for t in takeovers if t.origin == module.name for n in t.obj.contains}
    classes = model.resource_classes
    for resource in module.scan.loading.resources:
        if resource.binding in used or (module.name, resource.binding) in model.resources_used:
            continue
        if resource.class_refs and not any(ref in classes for ref in resource.class_refs):
            continue
        yield Violation(
            resource.line,
            resource.col,
            DGD306.format(kind=resource.kind, name=resource.binding),
        )


def _gathered(module: ModuleInfo, takeovers: tuple[Takeover, ...]) -> Iterator[Violation]:
    """DGD307: definitions in tuples, dicts, sets, nested or mixed lists."""
    if takeovers:
        return  # the takeover decides what loads: DGD301 / DGD302
    upstream = set(module.scan.loading.deps_names)
    for gathered in module.scan.loading.gathered:
        if gathered.collected or gathered.binding in upstream:
            continue  # collected, or only named as upstream of an asset
        definition = gathered.definition
        yield Violation(
            definition.line,
            definition.col,
            DGD307.format(kind=definition.kind, name=definition.label,
                          container=gathered.container, binding=gathered.binding),
        )
