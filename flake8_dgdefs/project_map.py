"""The project map: every module of one Dagster project with what its scan found.

Pure: built from scans already made, it never touches the disk. The rules read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterable

from flake8_dgdefs.autoloader import LoadingView
from flake8_dgdefs.model import ImportRef, LoaderCall, ModuleScan


@dataclass(frozen=True)
class ModuleInfo:
    """One module of the project: its dotted name, its path and its scan."""

    name: str
    path: str  # relative to the folder that holds the root package, with "/" separators
    is_package: bool
    scan: ModuleScan


@dataclass(frozen=True)
class ProjectMap:
    """All modules of a project, the defs package, and who calls the autoloader."""

    root_module: str
    configured_defs_module: str | None  # from the settings; None: from the loader call
    modules: dict[str, ModuleInfo] = field(default_factory=dict)
    defs_module_pinned: bool = False  # the configured package wins over `load_defs(...)`
    #: Folders holding defs.yaml / defs.yml / component.yaml ("/" path like ModuleInfo.path,
    #: without the file name) -> the component's `type:`, None when it cannot be read.
    component_folders: dict[str, str | None] = field(default_factory=dict)
    #: The code location module from the settings (None: the module that calls the loader).
    configured_target: str | None = None

    @classmethod
    def build(
        cls,
        root_module: str,
        defs_module: str | None,
        modules: Iterable[ModuleInfo],
        defs_module_pinned: bool = False,
        component_folders: dict[str, str | None] | None = None,
        target_module: str | None = None,
    ) -> ProjectMap:
        by_name = {module.name: module for module in modules}
        return cls(
            root_module,
            defs_module,
            by_name,
            defs_module_pinned,
            dict(component_folders or {}),
            target_module,
        )

    def with_module(self, module: ModuleInfo) -> ProjectMap:
        """This map with one module's scan replaced (an editor's unsaved buffer wins)."""
        if self.modules.get(module.name) == module:
            return self
        return replace(self, modules={**self.modules, module.name: module})

    @cached_property
    def loading(self) -> LoadingView:
        """What the autoloader really loads of this map (walk, takeovers, keys)."""
        return LoadingView(self)

    # -- the autoloader ------------------------------------------------------------------
    @cached_property
    def loader_calls(self) -> tuple[tuple[ModuleInfo, LoaderCall], ...]:
        """Every call of `load_defs` / `load_from_defs_folder`, with its module, in order."""
        return tuple(
            (module, call)
            for module in self.modules.values()
            for call in module.scan.loader_calls
        )

    @cached_property
    def defs_module(self) -> str | None:
        """The package the autoloader walks: `load_defs(x)`'s argument wins over the settings.

        None when the project neither calls the autoloader nor says where defs are.
        """
        if self.defs_module_pinned:
            return self.configured_defs_module
        for _, call in self.loader_calls:
            if call.target is not None:
                return call.target
        return self.configured_defs_module

    @property
    def loader_name(self) -> str:
        return self.loader_calls[0][1].loader if self.loader_calls else "the autoloader"

    def in_defs(self, module: str) -> bool:
        defs = self.defs_module
        return defs is not None and (module == defs or module.startswith(defs + "."))

    def in_root_package(self, module: str) -> bool:
        return module == self.root_module or module.startswith(self.root_module + ".")

    @property
    def defs_path(self) -> str:
        """`my_project/defs/`: where moved modules go, as a path."""
        return (self.defs_module or "").replace(".", "/") + "/"

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
