"""Dagster's walk of the defs package, and what one defs module contributes to it.

The walk leaves out the Python files of YAML component folders (but those of a
`DefsFolderComponent`) and, with the legacy `load_defs`, the siblings of a keyword file
`definitions.py`. A module holding a Definitions object or `@definitions` functions is taken
over by them; several Definitions objects (or both kinds) make Dagster refuse it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterator, Mapping

from flake8_dgdefs.api import DEFINITIONS_COMPONENT, FOLDER_COMPONENT
from flake8_dgdefs.model import DefinitionsObject
from flake8_dgdefs.project_map import ModuleInfo, PostProcessing, ProjectMap, within


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


class Walk:
    """The walk of one project's defs package."""

    def __init__(
        self,
        project: ProjectMap,
        defs_module: str | None,
        legacy: bool,
        modules: Mapping[str, ModuleInfo] | None = None,
    ) -> None:
        self.project = project
        #: Where a module's imports are looked up (the model may note what a step reads).
        self.lookup = project.modules if modules is None else modules
        self.defs_module = defs_module
        self.legacy = legacy
        self._chains: dict[str, tuple[str, ...]] = {}  # folder -> its _folders
        self._takeovers: dict[str, tuple[Takeover, ...]] = {}  # module -> its takeovers
        module = project.modules.get(defs_module) if defs_module else None
        if defs_module is None:
            self.folder: str | None = None
        else:
            self.folder = _folder(module.path) if module else defs_module.replace(".", "/")

    def in_defs(self, module: str) -> bool:
        return within(module, self.defs_module)

    @cached_property
    def _paths(self) -> frozenset[str]:
        """Every module's path: asked for only by the legacy `load_defs` walk."""
        return frozenset(module.path for module in self.project.modules.values())

    def modules(self) -> Iterator[ModuleInfo]:
        """The modules of the defs package, in Dagster's walk order."""
        inside = (m for m in self.project.modules.values() if self.in_defs(m.name))
        yield from sorted(inside, key=lambda m: tuple(m.path.split("/")))

    def skipped(self, module: ModuleInfo) -> Skip | None:
        """Why the walk leaves this defs module out; None when it is loaded."""
        if not self.in_defs(module.name):
            return None
        for current in self._folders(module):
            if current in self.project.component_folders:
                component = self.project.component_folders[current] or "unknown"
                if not _is_folder_component(component):
                    return Skip("yaml", current, component)
                continue
            if self.legacy:
                keyword = f"{current}/definitions.py"
                if keyword in self._paths and f"{current}/component.py" not in self._paths:
                    if module.path == keyword:
                        return None
                    return Skip("keyword", current, keyword)
        return None

    def rebuilt(self, module: ModuleInfo) -> bool:
        """True under a YAML DefsFolderComponent: Dagster rebuilds each module's definitions,
        so one object reached through two modules there is two objects."""
        return any(
            current in self.project.component_folders
            and _is_folder_component(self.project.component_folders[current])
            for current in self._folders(module)
        )

    def post_processing(self, module: ModuleInfo) -> tuple[PostProcessing, ...]:
        """The `post_processing:` of the DefsFolderComponent folders holding a walked module,
        innermost first: the order Dagster applies them in (loading.post_processing)."""
        found = []
        for current in self._folders(module):
            read = self.project.component_files.get(current)
            if read is not None and read.post_processing and _is_folder_component(read.type):
                found.append(read.post_processing)
        return tuple(reversed(found))

    def unseen_components(self) -> tuple[tuple[str, str], ...]:
        """(folder, type) of each YAML component the walk reaches whose definitions cannot be
        seen: any type but DefsFolderComponent (its modules are walked) and
        DefinitionsComponent (the load model reads its folder), whether or not its folder
        holds Python files; also each further document of a component file. A component
        folder inside another component's folder is that component's, not the walk's."""
        if self.folder is None:
            return ()
        found: list[tuple[str, str]] = []
        files = self.project.component_files
        for folder in sorted(files, key=lambda f: tuple(f.split("/"))):
            if not self._reached(folder):
                continue
            read = files[folder]
            component = read.type or "unknown"
            if not _is_folder_component(component) and (
                component.rpartition(".")[2] != DEFINITIONS_COMPONENT
            ):
                found.append((folder, component))
            found.extend(
                (folder, f"{other or 'unknown'} (a further YAML document)")
                for other in read.more
                if not _is_folder_component(other)
            )
        return tuple(found)

    def _reached(self, folder: str) -> bool:
        """True when Dagster's walk reads this component folder's file: it is in defs and
        no folder above it is another component's, nor a legacy keyword folder."""
        top = self.folder
        if top is None or not (folder == top or folder.startswith(top + "/")):
            return False
        current = top
        parts = folder[len(top):].strip("/").split("/") if folder != top else []
        for part in parts:
            if current in self.project.component_folders:
                if not _is_folder_component(self.project.component_folders[current]):
                    return False
            elif self.legacy and f"{current}/definitions.py" in self._paths and (
                f"{current}/component.py" not in self._paths
            ):
                return False
            current = f"{current}/{part}"
        return True

    def _folders(self, module: ModuleInfo) -> tuple[str, ...]:
        """The folders from the top of defs down to the module's own; none outside defs."""
        folder = _folder(module.path)
        found = self._chains.get(folder)
        if found is None:
            found = self._chains[folder] = tuple(self._chain(folder))
        return found

    def _chain(self, folder: str) -> Iterator[str]:
        top = self.folder
        if top is None or not (folder == top or folder.startswith(top + "/")):
            return
        current = top
        yield current
        for part in folder[len(top):].strip("/").split("/") if folder != top else []:
            current = f"{current}/{part}"
            yield current

    # -- what one module contributes ----------------------------------------------------
    def takeovers(self, module: ModuleInfo) -> tuple[Takeover, ...]:
        """The Definitions objects and @definitions functions among the module's attributes."""
        found = self._takeovers.get(module.name)
        if found is None:
            found = self._takeovers[module.name] = self._find_takeovers(module)
        return found

    def _find_takeovers(self, module: ModuleInfo) -> tuple[Takeover, ...]:
        found = [Takeover(obj, module.name) for obj in module.scan.loading.definitions_objects]
        for ref in module.scan.imports:
            if not ref.module_level:
                continue
            source = self.lookup.get(ref.module)
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


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


def _is_folder_component(component: str | None) -> bool:
    return (component or "").rpartition(".")[2] == FOLDER_COMPONENT
