"""What to move: read from the load model, never re-derived.

A module outside the defs package that holds definitions the autoloader does not reach
(the DGD101 ones) moves into the defs package; a package moves whole, as the guide's
`mv my_project/elt/* my_project/defs/elt` does. The unit of a move is the child of the
defs package's parent that holds the module (`my_project.elt` for `my_project.elt.jobs`).
Pure: a ProjectMap and its LoadModel in, a list of moves (or the reason for refusing) out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from flake8_dgdefs.discovery import Project
from flake8_dgdefs.loading import LoadModel
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap, within


class Refusal(Exception):
    """The migration cannot be done safely: one line, exit 1."""


class BadInput(Exception):
    """A bad argument (a --module that names nothing): one line, exit 2."""


@dataclass(frozen=True)
class Move:
    """One module or package moved into the defs package."""

    old: str  # dotted name before: my_project.elt
    new: str  # dotted name after: my_project.defs.elt
    is_package: bool
    source: str  # path relative to the project folder, "/" separated: my_project/elt
    target: str  # my_project/defs/elt
    why: tuple[str, ...] = ()  # the definitions the autoloader does not reach there

    def rename(self, name: str) -> str | None:
        """The new name of a module, or None when this move does not touch it."""
        if name == self.old or name.startswith(self.old + "."):
            return self.new + name[len(self.old):]
        return None

    @property
    def shown(self) -> str:
        if self.is_package:
            return f"{self.source}/ -> {self.target}/"
        return f"{self.source}.py -> {self.target}.py"


@dataclass(frozen=True)
class Renames:
    """Every move of a plan, as a function of module names."""

    moves: tuple[Move, ...]

    def map(self, name: str) -> str | None:
        for move in self.moves:
            found = move.rename(name)
            if found is not None:
                return found
        return None

    def new_name(self, name: str) -> str:
        return self.map(name) or name


def _not_autoloaded(model: LoadModel, module: ModuleInfo) -> list[str]:
    """The module's own definitions the autoloader does not reach (DGD101's)."""
    found = []
    for definition in module.scan.definitions:
        if definition.reloads:
            continue
        if model.autoloaded(module, definition) is None:
            found.append(f"{definition.kind} '{definition.label}'")
    return found


def _relative_to_project(project: Project, module: ModuleInfo) -> str:
    """`my_project/elt` (package) or `my_project/elt/jobs` (module), from the project folder."""
    prefix = os.path.relpath(project.package_dir, project.directory)
    path = module.path[: -len("/__init__.py")] if module.is_package else module.path[:-3]
    return path if prefix == "." else f"{prefix.replace(os.sep, '/')}/{path}"


def plan_moves(
    project: Project, project_map: ProjectMap, model: LoadModel, wanted: list[str]
) -> tuple[list[Move], list[str]]:
    """The moves to make, and notes (modules it leaves where they are, and why).

    Raises Refusal when the code location does not call the autoloader or a move cannot be
    made; BadInput when a --module names no module of the project.
    """
    defs = model.defs_module
    target = model.location.target
    if not model.autoloads or defs is None:
        raise Refusal(
            "the code location never calls load_from_defs_folder / load_defs: there is no"
            " defs package to move definitions into"
        )
    parent, _, _ = defs.rpartition(".")
    if not parent:
        raise Refusal(f"the defs package {defs} is a top-level package: nothing holds it")
    modules = project_map.modules
    notes: list[str] = []
    units: dict[str, list[str]] = {}
    if wanted:
        for name in wanted:
            if name not in modules:
                moved = f"{defs}.{name.rpartition('.')[2]}"
                if within(name, parent) and name.count(".") == parent.count(".") + 1 and (
                    moved in modules
                ):
                    notes.append(f"{name} is already {moved}")
                    continue
                raise BadInput(f"--module {name}: not a module of the project")
            if model.in_defs(name):
                notes.append(f"{name} is in the defs package already")
                continue
            unit = _unit(name, parent)
            if unit != name:
                raise Refusal(
                    f"--module {name}: only a whole module or package directly in {parent}"
                    f" moves (here: --module {unit})"
                    if unit
                    else f"--module {name}: not inside {parent}, the package that holds {defs}"
                )
            units.setdefault(unit, [])
            for module in modules.values():
                if within(module.name, unit):
                    units[unit].extend(_not_autoloaded(model, module))
    else:
        for module in sorted(modules.values(), key=lambda m: m.name):
            if model.in_defs(module.name) or not project_map.in_root_package(module.name):
                continue
            found = _not_autoloaded(model, module)
            if not found:
                continue
            if target is not None and module.name == target.name:
                notes.append(
                    f"{module.name} is the code location: its definitions ({', '.join(found)})"
                    " stay (move them by hand into a module of the defs package)"
                )
                continue
            unit = _unit(module.name, parent)
            if unit is None:
                notes.append(f"{module.name} is not inside {parent}: left where it is")
                continue
            units.setdefault(unit, []).extend(found)
    moves = []
    for unit, why in sorted(units.items()):
        info = modules[unit]
        if target is not None and within(target.name, unit):
            raise Refusal(f"{unit} holds the code location {target.name}: it cannot move")
        if within(defs, unit):
            raise Refusal(f"{unit} holds the defs package {defs}: it cannot move")
        new = f"{defs}.{unit.rpartition('.')[2]}"
        move = Move(
            unit,
            new,
            info.is_package,
            _relative_to_project(project, info),
            "",
            tuple(why),
        )
        target_path = _target_path(project, move)
        move = Move(move.old, move.new, move.is_package, move.source, target_path, move.why)
        absolute = os.path.join(project.directory, *target_path.split("/"))
        if new in modules or os.path.lexists(absolute) or os.path.lexists(absolute + ".py"):
            raise Refusal(f"cannot move {unit}: {target_path} exists already")
        moves.append(move)
    return moves, notes


def _unit(name: str, parent: str) -> str | None:
    """The child of `parent` that holds module `name`; None outside `parent`."""
    if not name.startswith(parent + "."):
        return None
    head = name[len(parent) + 1:].split(".")[0]
    return f"{parent}.{head}"


def _target_path(project: Project, move: Move) -> str:
    prefix = os.path.relpath(project.package_dir, project.directory)
    path = move.new.replace(".", "/")
    return path if prefix == "." else f"{prefix.replace(os.sep, '/')}/{path}"


# -- what the code location's copying calls read ---------------------------------------------
@dataclass(frozen=True)
class Held:
    """One loadable attribute of a module that a `load_*_from_modules` call reads."""

    name: str  # the attribute: `late.<name>`
    origin: str  # the module that builds it
    kind: str  # Definition.kind: "asset", "source asset", "asset list", ...
    category: str  # Definition.category
    gathered: bool  # an item of a module-level list `name` (the list is what is copied)
    identity: tuple[str, int, int]  # where it is built: one object


@dataclass(frozen=True)
class Holding:
    """What `dir(module)` holds of definitions, as the load model sees it."""

    module: str
    held: tuple[Held, ...]
    star_imports: tuple[str, ...]  # modules it star-imports at module level


def holdings(project_map: ProjectMap, model: LoadModel) -> dict[str, Holding]:
    """The modules the code location's `load_*_from_modules([...])` calls read (before
    the moves), each with the definitions it holds: what those calls copy."""
    target = model.location.target
    if target is None:
        return {}
    names = {
        name for call in target.scan.loading.manual_loads for name in call.modules
    }
    found = {}
    for name in sorted(names):
        module = project_map.modules.get(name)
        if module is None:
            continue
        held = []
        gathered = {(g.binding, g.definition.line, g.definition.col) for g in
                    module.scan.loading.gathered if g.collected}
        for attribute, origin, definition in model.attributes(module):
            held.append(
                Held(
                    attribute,
                    origin.name,
                    definition.kind,
                    definition.category,
                    (attribute, definition.line, definition.col) in gathered
                    and origin.name == module.name,
                    (origin.name, definition.line, definition.col),
                )
            )
        stars = tuple(ref.module for ref in module.scan.imports if ref.module_level and ref.star)
        found[name] = Holding(name, tuple(held), stars)
    return found
