"""Finding a file's Dagster project on disk and listing the project's modules.

This is the file-system adapter: it reads `dg.toml` / `pyproject.toml` and walks folders.
Nothing here imports the project.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from typing import Any, Iterator, Literal

from flake8_dgdefs.component_yaml import read_component_file
from flake8_dgdefs.layout import COMPONENT_FILES, PROJECT_MARKERS, SETTINGS_FILES, SOURCE_FOLDER
from flake8_dgdefs.project_map import ComponentFile

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


#: The codes of configuration errors (see rules.py): a settings file that cannot be used,
#: an option naming no module of the project, a setting naming no module of the project.
BROKEN_SETTINGS = "DGD001"
BAD_OPTION = "DGD002"
MISSING_MODULE = "DGD003"


def markers_text() -> str:
    """Every file the upward search accepts, for "no project found" messages."""
    names = [*SETTINGS_FILES, *PROJECT_MARKERS]
    return ", ".join(names[:-1]) + " or " + names[-1]


class ConfigError(Exception):
    """A project file or an option that exists but cannot be used; `str()` is one line.

    `source` is the file at fault (an absolute path) or the option's name, `reason` the
    rest of the line, `code` the rule it breaks, `directory` the project folder it stops.
    """

    def __init__(
        self, source: str, reason: str, code: str = BROKEN_SETTINGS, directory: str | None = None
    ) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
        self.code = code
        self.directory = directory


@dataclass(frozen=True)
class Overrides:
    """flake8 options that override what the project files say."""

    root_module: str | None = None
    defs_module: str | None = None


@dataclass(frozen=True)
class Project:
    """Where a Dagster project lives and how it is laid out."""

    directory: str  # the folder holding dg.toml / pyproject.toml
    package_dir: str  # the folder holding the root package: `directory` or `directory/src`
    root_module: str
    defs_module: str | None  # None: the argument of the project's `load_defs(...)` call
    config_file: str | None  # None: no Dagster settings, found from the code alone
    defs_module_pinned: bool = False  # set by an option: wins over `load_defs(...)`'s argument
    #: The module Dagster loads (the code location): `code_location_target_module`,
    #: `[tool.dagster] module_name`, else `<root_module>.definitions`; None without settings.
    target_module: str | None = None


def find_project(path: str, overrides: Overrides = Overrides()) -> Project | None:
    """The Dagster project that `path` (a file, existing or not) belongs to, if any.

    Raises ConfigError when the nearest project file, or an option, is broken. A path
    outside any project gives None, whatever the options say.
    """
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    while True:
        try:
            project = _project_in(folder, path, overrides)
        except ConfigError as exc:
            exc.directory = folder
            raise
        if project is not None:
            return project or None
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _project_in(folder: str, path: str, overrides: Overrides) -> Project | Literal[False] | None:
    """A Project, False when `folder` ends the search without one, None to go on upward."""
    settings = _dg_settings(folder)
    if settings is None:
        if not any(os.path.exists(os.path.join(folder, m)) for m in PROJECT_MARKERS):
            return None
        settings = {}
    if settings.get("directory_type") == "workspace":
        return False
    for option, value in (
        ("--dg-root-module", overrides.root_module),
        ("--dg-defs-module", overrides.defs_module),
    ):
        if value is not None and not _is_dotted_name(value):
            raise ConfigError(option, f"must be a dotted module name, not {value!r}", BAD_OPTION)
    package_dir = _package_dir(folder)
    root_module = overrides.root_module or settings.get("root_module") or _top_package(
        package_dir, path
    )
    if not root_module:
        return False
    if overrides.root_module or settings.get("root_module"):
        _require_module(folder, root_module, "root_module", overrides.root_module, settings)
    defs_module = overrides.defs_module or settings.get("defs_module")
    if defs_module is not None:
        _require_module(folder, defs_module, "defs_module", overrides.defs_module, settings)
    if defs_module is None and settings.get("directory_type") == "project":
        defs_module = f"{root_module}.defs"
    target_module = settings.get("code_location_target_module")
    if target_module is None and settings.get("directory_type") == "project":
        target_module = f"{root_module}.definitions"
    return Project(
        directory=folder,
        package_dir=package_dir,
        root_module=root_module,
        defs_module=defs_module,
        config_file=settings.get("config_file"),
        defs_module_pinned=overrides.defs_module is not None,
        target_module=target_module,
    )


def _require_module(
    folder: str, module: str, key: str, override: str | None, settings: dict[str, str]
) -> None:
    """Raise the ConfigError of a `key` (root_module, defs_module) naming no module here."""
    package_dir = _package_dir(folder)
    if _module_exists(package_dir, module):
        return
    base = os.path.relpath(os.path.join(package_dir, *module.split(".")), folder)
    base = base.replace(os.sep, "/")
    reason = f"{key} {module!r} is not a package of the project (no {base}/ or {base}.py)"
    if override:
        raise ConfigError(f"--dg-{key.replace('_', '-')}", reason, BAD_OPTION)
    raise ConfigError(settings["config_file"], reason, MISSING_MODULE)


def _dg_settings(folder: str) -> dict[str, str] | None:
    """Dagster settings of a folder: from dg.toml, pyproject.toml, or None if neither says.

    A pyproject.toml without Dagster tables still marks a project folder: `{}`.
    """
    dg_toml = os.path.join(folder, "dg.toml")
    if os.path.isfile(dg_toml):
        data = _read_toml(dg_toml)
        return _settings_from_table(data, dg_toml)
    pyproject = os.path.join(folder, "pyproject.toml")
    if not os.path.isfile(pyproject):
        return None
    data = _read_toml(pyproject)
    tool = _table(data.get("tool", {}), pyproject, "tool")
    if "dg" in tool:
        return _settings_from_table(_table(tool["dg"], pyproject, "tool.dg"), pyproject)
    if "dagster" in tool:
        return _legacy_settings(_table(tool["dagster"], pyproject, "tool.dagster"), pyproject)
    return {}


def _settings_from_table(table: dict[str, Any], config_file: str) -> dict[str, str]:
    directory_type = table.get("directory_type", "project")
    if directory_type == "workspace":  # a dg workspace: its files are in no project
        return {"directory_type": "workspace", "config_file": config_file}
    if directory_type != "project":
        raise ConfigError(config_file, f"directory_type {directory_type!r} is not a project")
    project = _table(table.get("project", {}), config_file, "project")
    settings = {"directory_type": "project", "config_file": config_file}
    for key in ("root_module", "defs_module", "code_location_target_module"):
        value = project.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not _is_dotted_name(value):
            raise ConfigError(config_file, f"{key} must be a dotted module name, not {value!r}")
        settings[key] = value
    if "root_module" not in settings:
        raise ConfigError(config_file, "[project] root_module is missing")
    return settings


def _legacy_settings(table: dict[str, Any], config_file: str) -> dict[str, str]:
    """`[tool.dagster] module_name = "pkg.definitions"` (or `modules = [...]`)."""
    module = table.get("module_name")
    modules = table.get("modules")
    if module is None and isinstance(modules, list) and modules and isinstance(modules[0], dict):
        module = modules[0].get("name")
    if not isinstance(module, str) or not _is_dotted_name(module):
        raise ConfigError(config_file, "[tool.dagster] names no module")
    return {
        "root_module": module.partition(".")[0],
        "code_location_target_module": module,
        "config_file": config_file,
    }


def _read_toml(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"not valid TOML ({exc})") from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise ConfigError(path, "not valid TOML (nested too deeply)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot be read ({exc})") from None


def _table(value: object, config_file: str, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(config_file, f"[{name}] must be a table")
    return value


def _is_dotted_name(value: str) -> bool:
    return all(part.isidentifier() for part in value.split("."))


def _package_dir(folder: str) -> str:
    src = os.path.join(folder, SOURCE_FOLDER)
    return src if os.path.isdir(src) else folder


def _module_exists(package_dir: str, module: str) -> bool:
    """True when `module` is a folder or a `.py` file below `package_dir`."""
    base = os.path.join(package_dir, *module.split("."))
    return os.path.isdir(base) or os.path.isfile(base + ".py")


def _top_package(package_dir: str, path: str) -> str | None:
    """The first folder of `path` below `package_dir`, when it can be a package name."""
    relative = os.path.relpath(path, package_dir).split(os.sep)
    if len(relative) < 2 or not relative[0].isidentifier():
        return None
    return relative[0]


def module_name(project: Project, path: str) -> tuple[str, bool] | None:
    """`(dotted name, is_package)` of a file of the project's package, else None."""
    relative = os.path.relpath(os.path.abspath(path), project.package_dir)
    parts = relative.split(os.sep)
    if not parts[-1].endswith(".py"):
        return None
    parts[-1] = parts[-1][:-3]
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    if not parts or parts[0] != project.root_module:
        return None
    if not all(part.isidentifier() for part in parts):
        return None
    return ".".join(parts), is_package


def _walk_package(project: Project) -> Iterator[tuple[str, list[str]]]:
    """(folder, sorted file names) of the root package, as Dagster's walk sees it.

    Hidden folders and `__pycache__` are skipped; folder links are not followed (no loops).
    """
    top = os.path.join(project.package_dir, project.root_module)
    for folder, subfolders, files in os.walk(top, onerror=lambda error: None):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and name != "__pycache__"
            and not os.path.islink(os.path.join(folder, name))
        )
        yield folder, sorted(files)


def project_files(project: Project) -> Iterator[tuple[str, tuple[int, int]]]:
    """Every `.py` file of the project's root package, sorted, symlinks not followed, with
    its stamp (size, mtime_ns) from the one stat that tells it is a regular file.

    Only regular files (or links to them): reading a FIFO or a device would block or never end.
    """
    for folder, files in _walk_package(project):
        for name in files:
            if name.endswith(".py") and not name.startswith("."):
                path = os.path.join(folder, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode):
                    yield path, (info.st_size, info.st_mtime_ns)


#: Characters of a component file read at most (a component file is a few lines).
MAX_COMPONENT_FILE = 1 << 20


def component_folders(project: Project) -> dict[str, ComponentFile]:
    """Folders of the root package that hold a component YAML file -> what the file says
    (its `type:`, None when it has no readable top-level one, and its post-processing).

    Keys are paths relative to the package folder with "/" separators (like ModuleInfo.path,
    without a file name).
    """
    found: dict[str, ComponentFile] = {}
    for folder, files in _walk_package(project):
        names = set(files)
        for name in COMPONENT_FILES:
            if name in names and os.path.isfile(os.path.join(folder, name)):  # no FIFO
                relative = os.path.relpath(folder, project.package_dir).replace(os.sep, "/")
                found[relative] = _component_file(os.path.join(folder, name), f"{relative}/{name}")
                break
    return found


def _component_file(path: str, relative: str) -> ComponentFile:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read(MAX_COMPONENT_FILE)
    except OSError:
        return ComponentFile(None)
    return read_component_file(text, relative)
