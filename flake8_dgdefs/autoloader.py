"""What the autoloader really loads: a pure view over a ProjectMap (issue 3's rules read it).

It models Dagster's walk of the defs package (YAML component folders, the legacy
`load_defs` keyword file `definitions.py`), what one defs module contributes (a
`Definitions` object or `@definitions` function takes the file over; otherwise its
attributes and flat lists), and the final keys and names, for the duplicate rules.
Never touches the disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Iterator

from flake8_dgdefs.model import SCHEDULE_OR_SENSOR, Definition, DefinitionsObject
from flake8_dgdefs.scan.loading import resource_kind

if TYPE_CHECKING:  # pragma: no cover
    from flake8_dgdefs.project_map import ModuleInfo, ProjectMap

#: The YAML files that make a folder a component, in Dagster's order of precedence.
COMPONENT_FILES = ("defs.yaml", "defs.yml", "component.yaml")
#: The one component type whose folder's Python files are still loaded.
FOLDER_COMPONENT = "DefsFolderComponent"
#: Resource base classes that do not end in "Resource" / contain "IOManager".
RESOURCE_BASES = frozenset({"ConfigurableResourceFactory", "ResourceDefinition"})


@dataclass(frozen=True)
class Skip:
    """Why the autoloader does not walk into a defs module."""

    reason: str  # "yaml" or "keyword"
    folder: str  # the folder that decides (path, "/" separators)
    detail: str  # the component type, or the keyword module's path


@dataclass(frozen=True)
class Takeover:
    """A Definitions object or @definitions function that a module exposes."""

    obj: DefinitionsObject
    origin: str  # the module where it was built (this module, or the one it is imported from)


@dataclass(frozen=True)
class Loaded:
    """A definition the autoloader loads: the module it is reached through, and where it is."""

    via: str  # the defs module whose attributes hold it
    origin: ModuleInfo  # the module that builds it
    definition: Definition

    @property
    def identity(self) -> tuple[str, int, int]:
        return (self.origin.name, self.definition.line, self.definition.col)


class LoadingView:
    """The autoloader's view of one project map."""

    def __init__(self, project: ProjectMap) -> None:
        self.project = project

    # -- which loader ---------------------------------------------------------------
    @property
    def loader(self) -> str | None:
        calls = self.project.loader_calls
        return calls[0][1].loader if calls else None

    @property
    def legacy(self) -> bool:
        return self.loader == "load_defs"

    # -- the walk -------------------------------------------------------------------
    @cached_property
    def _folders(self) -> dict[str, str]:
        """Folder path -> its package's dotted name, for every package of the project."""
        return {
            _folder(module.path): module.name
            for module in self.project.modules.values()
            if module.is_package
        }

    @cached_property
    def defs_folder(self) -> str | None:
        defs = self.project.defs_module
        if defs is None:
            return None
        module = self.project.modules.get(defs)
        return _folder(module.path) if module is not None else defs.replace(".", "/")

    def skipped(self, module: ModuleInfo) -> Skip | None:
        """Why the autoloader's walk leaves this defs module out; None when it is loaded."""
        top = self.defs_folder
        if top is None or not self.project.in_defs(module.name):
            return None
        folder = _folder(module.path)
        if not (folder == top or folder.startswith(top + "/")):
            return None
        parts = folder[len(top):].strip("/").split("/") if folder != top else []
        current = top
        for depth in range(len(parts) + 1):
            if depth:
                current = f"{current}/{parts[depth - 1]}"
            component = self.project.component_folders.get(current, False)
            if component is not False:
                if (component or "").rpartition(".")[2] != FOLDER_COMPONENT:
                    return Skip("yaml", current, component or "unknown")
                continue
            if self.legacy:
                keyword = f"{current}/definitions.py"
                if self._has_file(keyword) and not self._has_file(f"{current}/component.py"):
                    if module.path == keyword:
                        return None
                    return Skip("keyword", current, keyword)
        return None

    def _has_file(self, path: str) -> bool:
        return path in self._paths

    @cached_property
    def _paths(self) -> frozenset[str]:
        return frozenset(module.path for module in self.project.modules.values())

    # -- what one module contributes ----------------------------------------------------
    def takeovers(self, module: ModuleInfo) -> tuple[Takeover, ...]:
        """The Definitions objects and @definitions functions among the module's attributes."""
        found = [Takeover(obj, module.name) for obj in module.scan.loading.definitions_objects]
        for ref in module.scan.imports:
            if not ref.module_level:
                continue
            source = self.project.modules.get(ref.module)
            if source is None:
                continue
            objects = {obj.binding: obj for obj in source.scan.loading.definitions_objects}
            if ref.star:
                pairs = [(name, name) for name in objects if not name.startswith("_")]
            else:
                pairs = list(ref.names)
            for name, local in pairs:
                if name in objects:
                    imported = objects[name]
                    found.append(
                        Takeover(
                            DefinitionsObject(local, ref.line, ref.col, imported.is_function),
                            source.name,
                        )
                    )
        return tuple(found)

    def fails(self, module: ModuleInfo) -> bool:
        """True when Dagster refuses the module (DGD303): several Definitions, or mixed."""
        takeovers = self.takeovers(module)
        objects = [t for t in takeovers if not t.obj.is_function]
        return len(objects) > 1 or (bool(objects) and len(objects) < len(takeovers))

    def attributes(self, module: ModuleInfo) -> Iterator[Loaded]:
        """The definitions among a module's attributes (its own, imported, flat lists)."""
        for definition in module.scan.definitions:
            if definition.binding and not definition.reloads:
                yield Loaded(module.name, module, definition)
        for gathered in module.scan.loading.gathered:
            if gathered.collected:
                yield Loaded(module.name, module, gathered.definition)
        for ref in module.scan.imports:
            if not ref.module_level:
                continue
            source = self.project.modules.get(ref.module)
            if source is None or source.name == module.name:
                continue
            if ref.star:
                names = {d.binding for d in source.scan.definitions if d.binding}
                wanted = {name: name for name in names if not name.startswith("_")}
            else:
                wanted = dict(ref.names)
            for definition in source.scan.definitions:
                if definition.binding in wanted and not definition.reloads:
                    yield Loaded(module.name, source, definition)

    def contributes(self, module: ModuleInfo) -> tuple[Loaded, ...]:
        """What the autoloader loads from one defs module (nothing if skipped or refused)."""
        if self.skipped(module) is not None or self.fails(module):
            return ()
        takeovers = self.takeovers(module)
        attributes = tuple(self.attributes(module))
        if not takeovers:
            return attributes
        contained: set[str] = set()
        for takeover in takeovers:
            if takeover.origin == module.name:
                contained.update(takeover.obj.contains)
        names = {
            (gathered.definition.line, gathered.definition.col): gathered.binding
            for gathered in module.scan.loading.gathered
        }
        return tuple(
            loaded
            for loaded in attributes
            if self._binding_in(loaded, module, names) in contained
        )

    def _binding_in(
        self, loaded: Loaded, module: ModuleInfo, gathered: dict[tuple[int, int], str]
    ) -> str | None:
        """The name under which `module` holds a loaded definition."""
        definition = loaded.definition
        if loaded.origin.name != module.name:
            for ref in module.scan.imports:
                if ref.module == loaded.origin.name:
                    for name, local in ref.names:
                        if name == definition.binding:
                            return local
                    if ref.star:
                        return definition.binding
            return None
        if definition.binding is None:
            return gathered.get((definition.line, definition.col))
        return definition.binding

    @cached_property
    def loaded(self) -> tuple[Loaded, ...]:
        """Everything the autoloader loads, in walk order, each object once."""
        seen: set[tuple[str, int, int]] = set()
        found: list[Loaded] = []
        modules = sorted(
            (m for m in self.project.modules.values() if self.project.in_defs(m.name)),
            key=lambda m: _walk_order(m.path),
        )
        for module in modules:
            for loaded in self.contributes(module):
                if loaded.identity not in seen:
                    seen.add(loaded.identity)
                    found.append(loaded)
        return tuple(found)

    @cached_property
    def loaded_via(self) -> dict[tuple[str, int, int], str]:
        """Identity of each loaded definition -> the defs module it is first reached through."""
        return {loaded.identity: loaded.via for loaded in self.loaded}

    @cached_property
    def loaded_identities(self) -> frozenset[tuple[str, int, int]]:
        return frozenset(self.loaded_via)

    def is_loaded(self, module: ModuleInfo, definition: Definition) -> bool:
        return (module.name, definition.line, definition.col) in self.loaded_identities

    @cached_property
    def duplicates(self) -> dict[str, tuple[tuple[Loaded, Loaded, str], ...]]:
        """Origin module -> (later, first, key) for each key or name loaded twice.

        Namespaces: asset keys, asset check keys, job names, schedule-or-sensor names.
        """
        first: dict[tuple[str, str], Loaded] = {}
        found: dict[str, list[tuple[Loaded, Loaded, str]]] = {}
        for loaded in self.loaded:
            category = loaded.definition.category
            for key in self.keys(loaded):
                earlier = first.setdefault((category, key), loaded)
                if earlier is not loaded:
                    found.setdefault(loaded.origin.name, []).append((loaded, earlier, key))
        return {module: tuple(pairs) for module, pairs in found.items()}

    # -- names --------------------------------------------------------------------------
    def keys(self, loaded: Loaded) -> tuple[str, ...]:
        """The keys or names a definition takes in Dagster (schedules on imported jobs too)."""
        definition = loaded.definition
        if definition.keys:
            return definition.keys
        if definition.category == SCHEDULE_OR_SENSOR and definition.job_ref:
            job = self.resolve(definition.job_ref)
            if job is not None and job[1].name:
                return (f"{job[1].name}_schedule",)
        return ()

    def resolve(self, qualified: str) -> tuple[ModuleInfo, Definition] | None:
        """The definition a qualified name (`pkg.mod.name`) refers to, through one re-export."""
        for _ in range(3):
            module_name, _, name = qualified.rpartition(".")
            module = self.project.modules.get(module_name)
            if module is None:
                return None
            for definition in module.scan.definitions:
                if definition.binding == name:
                    return module, definition
            for ref in module.scan.imports:
                if ref.module_level and not ref.star and any(
                    local == name for _, local in ref.names
                ):
                    original = next(n for n, local in ref.names if local == name)
                    qualified = f"{ref.module}.{original}"
                    break
            else:
                return None
        return None

    # -- resources ------------------------------------------------------------------------
    @cached_property
    def resource_classes(self) -> frozenset[str]:
        """Qualified names of the project's classes that are resources or IO managers."""
        bases = {
            f"{module.name}.{name}": refs
            for module in self.project.modules.values()
            for name, refs in module.scan.loading.classes
        }
        found: set[str] = set()
        changed = True
        while changed:
            changed = False
            for name, refs in bases.items():
                if name in found:
                    continue
                if any(_is_resource_base(ref) or ref in found for ref in refs):
                    found.add(name)
                    changed = True
        return frozenset(found)


def _is_resource_base(qualified: str) -> bool:
    head = qualified.partition(".")[0]
    last = qualified.rpartition(".")[2]
    return resource_kind(qualified) is not None or (
        head.startswith("dagster") and last in RESOURCE_BASES
    )


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


def _walk_order(path: str) -> tuple[str, ...]:
    """Dagster walks each folder sorted by name, `__init__.py` among the rest."""
    return tuple(path.split("/"))
