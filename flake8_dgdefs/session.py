"""The use case both adapters share: lint one file of a project, building each map once.

A Session remembers, for the life of the process, the project of each folder and the map
of each project, so that flake8 (one checker per file) scans the project once per process.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field

from flake8_dgdefs import discovery
from flake8_dgdefs.checks import check_module
from flake8_dgdefs.discovery import ConfigError, Overrides, Project
from flake8_dgdefs.model import ModuleScan, Violation
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap
from flake8_dgdefs.scan import scan_source, scan_tree


@dataclass
class Session:
    overrides: Overrides = Overrides()
    maps: dict[Project, ProjectMap] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # one line each, not yet shown
    warned: set[str] = field(default_factory=set)  # every warning ever queued: each shows once

    def project_for(self, path: str) -> Project | None:
        """The project of a file; a broken project file is a warning, not a crash."""
        try:
            return discovery.find_project(path, self.overrides)
        except ConfigError as exc:
            self.warn(f"{exc}; Dagster checks skipped")
            return None

    def project_map(self, project: Project) -> ProjectMap:
        if project not in self.maps:
            self.maps[project] = build_map(project)
        return self.maps[project]

    def lint(self, path: str, tree: ast.AST | None = None) -> list[Violation]:
        """The violations of one file. `tree` is the editor's buffer, which wins over the disk."""
        project = self.project_for(path)
        if project is None:
            return []
        located = discovery.module_name(project, path)
        if located is None:
            return []
        name, is_package = located
        project_map = self.project_map(project)
        if tree is not None:
            scan = scan_tree(tree, name, is_package)
            project_map = project_map.with_module(
                ModuleInfo(name, _relative(project, path), is_package, scan)
            )
        return check_module(project_map, name)

    def warn(self, message: str) -> None:
        if message not in self.warned:
            self.warned.add(message)
            self.warnings.append(message)


def build_map(project: Project) -> ProjectMap:
    """Scan every module of a project from disk."""
    modules = []
    for path in discovery.project_files(project):
        located = discovery.module_name(project, path)
        if located is None:
            continue
        name, is_package = located
        scan = _scan_file(path, name, is_package)
        modules.append(ModuleInfo(name, _relative(project, path), is_package, scan))
    return ProjectMap.build(
        project.root_module,
        project.defs_module,
        modules,
        project.defs_module_pinned,
        discovery.component_folders(project),
    )


def _scan_file(path: str, name: str, is_package: bool) -> ModuleScan:
    try:
        with open(path, "rb") as handle:
            source = handle.read()
    except OSError as exc:
        return ModuleScan(error=f"cannot be read ({exc.strerror})")
    return scan_source(source, name, is_package)


def _relative(project: Project, path: str) -> str:
    return os.path.relpath(os.path.abspath(path), project.package_dir).replace(os.sep, "/")
