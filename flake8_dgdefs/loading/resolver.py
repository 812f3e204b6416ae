"""The one name resolver of a project: what a name of one module refers to in another.

A name is followed through `from a import x (as y)`, `from . import x`, star imports
(public names only) and re-export chains of `__init__` modules, up to MAX_DEPTH hops and
never twice through the same (module, name). `import a.b as c` then `c.x` reaches the
resolver already spelled `a.b.x` (the scan qualifies names through the module's imports).
Pure: it reads scans, never the disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Collection, Mapping, TypeVar, cast

from flake8_dgdefs.model import Definition, ResourceBinding
from flake8_dgdefs.project_map import ModuleInfo

if TYPE_CHECKING:  # pragma: no cover
    from flake8_dgdefs.scan.values import Value

#: How many import hops are followed from a name to the module that defines it.
MAX_DEPTH = 8

Found = tuple[ModuleInfo, Definition]
T = TypeVar("T")


class Resolver:
    """Resolves names of a project's modules to the definitions they are bound to."""

    def __init__(self, modules: Mapping[str, ModuleInfo]) -> None:
        self.modules = modules

    def binding(self, module_name: str, name: str) -> Found | None:
        """The definition that `module_name.name` holds, wherever it was built."""
        return self._follow(module_name, name, set(), _definition)

    def _follow(
        self,
        module_name: str,
        name: str,
        seen: set[tuple[str, str]],
        own: Callable[[ModuleInfo, str], T | None],
    ) -> T | None:
        """What `module_name.name` holds by `own`'s measure, in that module or, following
        the import that binds the name there, in the module it comes from; None when not
        certain (a name imported two ways, or imported and then bound again)."""
        module = self.modules.get(module_name)
        if module is None or (module_name, name) in seen or len(seen) > MAX_DEPTH:
            return None
        seen.add((module_name, name))
        found = own(module, name)
        if found is not None or name in module.scan.rebound:
            return found
        sources = {
            (ref.module, imported)
            for ref in module.scan.imports
            if ref.module_level and not ref.star
            for imported, local in ref.names
            if local == name
        }
        if len(sources) > 1:  # `try: from a import X` / `except: from b import X`: either
            return None
        if sources:
            source, imported = sources.pop()
            if f"{source}.{imported}" in self.modules:  # a submodule, not a name in it
                return None
            return self._follow(source, imported, seen, own)
        if name.startswith("_"):
            return None
        stars = [ref.module for ref in module.scan.imports if ref.module_level and ref.star]
        for star in reversed(stars):  # the last star import that binds the name wins
            found = self._follow(star, name, seen, own)
            if found is not None:
                return found
        return None

    def qualified(self, qualified: str) -> Found | None:
        """`pkg.mod.name` -> the definition bound to `name` in project module `pkg.mod`."""
        module_name, _, name = qualified.rpartition(".")
        return self.binding(module_name, name) if module_name else None

    def imported(self, module: ModuleInfo, local: str) -> tuple[str, str] | None:
        """(module, name) that `from module import name as local` binds in `module`."""
        for ref in module.scan.imports:
            if ref.module_level and not ref.star:
                for imported, alias in ref.names:
                    if alias == local:
                        return ref.module, imported
        return None

    def module_named(self, module: ModuleInfo, dotted: str) -> str | None:
        """The module a dotted name means in `module` (`elt_assets` -> `pkg.elt.assets`)."""
        head, _, rest = dotted.partition(".")
        for ref in module.scan.imports:
            if not ref.module_level or ref.star:
                continue
            if ref.names:
                for imported, local in ref.names:
                    if local == head:
                        base = f"{ref.module}.{imported}"
                        return f"{base}.{rest}" if rest else base
            elif ref.module.partition(".")[0] == head or ref.module == head:
                return dotted
        return None

    def container_keys(self, qualified: str) -> tuple[str, ...] | None:
        """The asset keys a qualified name holds: a definition, or a module-level container
        of definitions (`UPSTREAM = (dg.AssetSpec("a"), ...)`); None when not known."""
        found = self.qualified(qualified)
        if found is not None:
            return found[1].keys or None
        module_name, _, name = qualified.rpartition(".")
        module = self.modules.get(module_name)
        if module is None:
            return None
        items = [g.definition for g in module.scan.loading.gathered if g.binding == name]
        if not items or any(not d.keys for d in items):
            return None
        return tuple(key for d in items for key in d.keys)

    def constant(self, qualified: str) -> Value | None:
        """The static value `pkg.settings.PREFIX` holds (scan/values.py), followed through
        `from` imports, star imports and re-exports; None when not certain."""
        module_name, _, name = qualified.rpartition(".")
        if not module_name:
            return None
        # (mypy cannot solve the type variable for the recursive Value: spelled out)
        return cast("Value | None", self._follow(module_name, name, set(), _constant))

    def resource(self, module_name: str, name: str) -> ResourceBinding | None:
        """The module-level resource binding `module_name.name` reaches, if any."""
        return self._follow(module_name, name, set(), _resource)

    def class_named(self, qualified: str) -> str | None:
        """Where a project class is defined (`pkg.resources.Warehouse`), from any name
        that reaches it through imports; None for a class the project does not define."""
        module_name, _, name = qualified.rpartition(".")
        return self._follow(module_name, name, set(), _class) if module_name else None


def _definition(module: ModuleInfo, name: str) -> Found | None:
    for definition in reversed(module.scan.definitions):
        if definition.binding == name:
            return module, definition
    return None


def _constant(module: ModuleInfo, name: str) -> Value | None:
    for constant, value in module.scan.constants:
        if constant == name:
            return cast("Value", value)
    return None


def _resource(module: ModuleInfo, name: str) -> ResourceBinding | None:
    for resource in module.scan.loading.resources:
        if resource.binding == name:
            return resource
    return None


def _class(module: ModuleInfo, name: str) -> str | None:
    if any(class_name == name for class_name, _ in module.scan.loading.classes):
        return f"{module.name}.{name}"
    return None


def unsettled(
    modules: Mapping[str, ModuleInfo], only: Collection[str] | None = None
) -> list[tuple[ModuleInfo, dict[str, Value]]]:
    """The modules to scan again, each with the values of the names it imports from other
    modules: those whose scan was given other values than the project's constants now hold.
    Scanning them again may settle the constants of others: repeat until none is left.
    `only`: the modules that may be unsettled (the others are known to be settled)."""
    resolver = Resolver(modules)
    found = []
    for module in modules.values() if only is None else (modules[name] for name in only):
        if not module.scan.asked:
            continue
        given: dict[str, Value] = {}
        for qualified in module.scan.asked:
            value = resolver.constant(qualified)
            if value is not None:
                given[qualified] = value
        if tuple(sorted(given.items())) != module.scan.given:
            found.append((module, given))
    return found
