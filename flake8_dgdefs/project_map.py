"""The project map: every module of one Dagster project with what its scan found.

Pure: built from scans already made, it never touches the disk. What Dagster loads of it
is the load model's question (flake8_dgdefs.loading).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Mapping, MutableMapping

from flake8_dgdefs.model import ImportRef, ModuleScan


def within(module: str, package: str | None) -> bool:
    """True when `module` is `package` or one of its submodules, at any depth."""
    return package is not None and (module == package or module.startswith(package + "."))


@dataclass(frozen=True)
class ModuleInfo:
    """One module of the project: its dotted name, its path and its scan."""

    name: str
    path: str  # relative to the folder that holds the root package, with "/" separators
    is_package: bool
    scan: ModuleScan


@dataclass(frozen=True)
class Attribute:
    """One attribute a post-processing rule sets (`group_name: analytics`)."""

    name: str  # as written: group_name, tags, kinds, owners, description, deps, ...
    #: The value exactly as Dagster resolves it: a str (group_name, description), a tuple
    #: of str (kinds, owners), a tuple of (key, value) pairs (tags). None: not read exactly
    #: (a template, a YAML form the reader does not take, an attribute `list` does not show).
    value: object
    line: int
    col: int  # 0-based, like ast's


@dataclass(frozen=True)
class AssetRule:
    """One item of `post_processing: assets:` in a component file."""

    line: int
    col: int
    target: str  # the selection as written ("*" when left out)
    operation: str  # "merge" or "replace"
    attributes: tuple[Attribute, ...]


@dataclass(frozen=True)
class PostProcessing:
    """The `post_processing:` block of a component file's first YAML document."""

    path: str  # the component file ("/" path like ModuleInfo.path)
    line: int  # where `post_processing:` is written
    col: int
    rules: tuple[AssetRule, ...] | None  # None: the block was not read (any other shape)


@dataclass(frozen=True)
class ComponentFile:
    """What a folder's defs.yaml / defs.yml / component.yaml says."""

    type: str | None  # the first document's top-level `type:`; None: not readable
    post_processing: PostProcessing | None = None  # the first document's, if written
    #: The `type:` of each further YAML document of the file (each one more component).
    more: tuple[str | None, ...] = ()


class Overlay(MutableMapping[str, ModuleInfo]):
    """Modules `below` with some set anew (`over`): the others are only looked up in
    `below` (a stored map reads each module when first asked for)."""

    def __init__(self, below: Mapping[str, ModuleInfo], over: dict[str, ModuleInfo]) -> None:
        self.below = below
        self.over = over

    def __getitem__(self, name: str) -> ModuleInfo:
        found = self.over.get(name)
        return found if found is not None else self.below[name]

    def __contains__(self, name: object) -> bool:
        return name in self.over or name in self.below

    def __setitem__(self, name: str, module: ModuleInfo) -> None:
        self.over[name] = module

    def __delitem__(self, name: str) -> None:
        raise TypeError("a module is not removed from a map")

    def __iter__(self) -> Iterator[str]:
        yield from self.below
        yield from (name for name in self.over if name not in self.below)

    def __len__(self) -> int:
        return len(self.below) + sum(1 for name in self.over if name not in self.below)


@dataclass(frozen=True)
class ProjectMap:
    """All modules of a project with their scans, and what its settings say."""

    root_module: str
    configured_defs_module: str | None  # from the settings; None: from the loader call
    #: A dict; or a mapping that reads each module when first asked for (a stored map).
    modules: Mapping[str, ModuleInfo] = field(default_factory=dict)
    defs_module_pinned: bool = False  # the configured package wins over `load_defs(...)`
    #: Folders holding defs.yaml / defs.yml / component.yaml ("/" path like ModuleInfo.path,
    #: without the file name) -> the component's `type:`, None when it cannot be read.
    component_folders: dict[str, str | None] = field(default_factory=dict)
    #: The code location module from the settings (None: the module that calls the loader).
    configured_target: str | None = None
    #: The same folders -> all that their component file says (post-processing, documents).
    component_files: dict[str, ComponentFile] = field(default_factory=dict)

    #: Hashed by identity: each map object gets its own load model (flake8_dgdefs.loading).
    __hash__ = object.__hash__

    @classmethod
    def build(
        cls,
        root_module: str,
        defs_module: str | None,
        modules: Iterable[ModuleInfo],
        defs_module_pinned: bool = False,
        component_folders: Mapping[str, ComponentFile | str | None] | None = None,
        target_module: str | None = None,
    ) -> ProjectMap:
        """`component_folders`: per folder, its ComponentFile, or only its type."""
        by_name = {module.name: module for module in modules}
        files = {
            folder: read if isinstance(read, ComponentFile) else ComponentFile(read)
            for folder, read in (component_folders or {}).items()
        }
        return cls(
            root_module,
            defs_module,
            by_name,
            defs_module_pinned,
            {folder: read.type for folder, read in files.items()},
            target_module,
            files,
        )

    def with_module(self, module: ModuleInfo) -> ProjectMap:
        """This map with one module's scan replaced (an editor's unsaved buffer wins)."""
        if self.modules.get(module.name) == module:
            return self
        if not isinstance(self.modules, dict):  # a stored map: not read whole
            return replace(self, modules=Overlay(self.modules, {module.name: module}))
        return replace(self, modules={**self.modules, module.name: module})

    def in_root_package(self, module: str) -> bool:
        return within(module, self.root_module)

    # -- imports -------------------------------------------------------------------------
    def import_targets(self, ref: ImportRef) -> tuple[str, ...]:
        """The project modules an import statement brings in (`from pkg import mod` -> pkg.mod)."""
        if ref.star or not ref.names:
            return (ref.module,) if ref.module in self.modules else ()
        targets: list[str] = []
        for name, _ in ref.names:
            submodule = f"{ref.module}.{name}"
            target = submodule if submodule in self.modules else ref.module
            if target in self.modules and target not in targets:
                targets.append(target)
        return tuple(targets)
