"""Oracle: load a Dagster project with the real loader and print what it defines.

Usage (run it in a subprocess, never import it into the test process)::

    PYTHONDONTWRITEBYTECODE=1 python tests/oracle/load_project.py PROJECT_DIR --mode MODE

MODE is one of:

* ``target``: import the project's code location target module (``code_location_target_module``
  of ``[tool.dg.project]``, default ``<root_module>.definitions``, or ``[tool.dagster]``
  ``module_name``) and load it the way a Dagster code server does.
* ``load_defs``: only ``dagster.load_defs(<defs_module>)`` (the deprecated loader).
* ``load_from_defs_folder``: only ``dagster.load_from_defs_folder(path_within_project=...)``.

Prints one JSON object on stdout, either
``{"ok": true, "assets": [...], "asset_checks": [...], "jobs": [...], "schedules": [...],
"sensors": [...], "stub_assets": [...], "resources": [...], "asset_groups": {...}}`` or
``{"ok": false, "error_type": "...", "error": "...", "causes": [...]}``
(``causes``, innermost last, only when the error wraps others).
``assets`` holds the keys some loaded definition defines; ``stub_assets`` the keys that are only
named as a dependency (``dg list defs`` shows both). Other lists are as ``dg list defs`` has them;
``resources`` holds the keys of the top-level resources, ``asset_groups`` maps each key of
``assets`` to its group name.
Anything else (warnings, user prints) goes to stderr. Only stdlib and dagster are used.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

try:
    import tomllib
except ImportError:  # Python < 3.11: dagster depends on tomli there
    import tomli as tomllib  # type: ignore[no-redef]

MODES = ("target", "load_defs", "load_from_defs_folder")
SHIMS_DIR = Path(__file__).resolve().parent / "shims"


class ProjectConfigError(Exception):
    """The project folder does not describe a project the oracle can load."""


def _read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def read_project_config(project_dir: Path) -> dict[str, str | None]:
    """Return root_module, defs_module and target_module of the project.

    ``dg.toml`` (keys at top level, project table ``[project]``) wins over
    ``pyproject.toml`` (``[tool.dg]``). ``[tool.dagster]`` is the pre-dg fallback.
    """
    dg_toml = project_dir / "dg.toml"
    pyproject = project_dir / "pyproject.toml"
    pyproject_data = _read_toml(pyproject) if pyproject.is_file() else {}
    if dg_toml.is_file():
        dg_project = _read_toml(dg_toml).get("project", {})
    else:
        dg_project = pyproject_data.get("tool", {}).get("dg", {}).get("project", {})

    root_module: str | None = dg_project.get("root_module")
    defs_module: str | None = dg_project.get("defs_module")
    target_module: str | None = dg_project.get("code_location_target_module")
    if root_module:
        defs_module = defs_module or f"{root_module}.defs"
        target_module = target_module or f"{root_module}.definitions"

    dagster_table = pyproject_data.get("tool", {}).get("dagster", {})
    if not target_module:
        target_module = dagster_table.get("module_name")
    if not target_module:
        for entry in dagster_table.get("modules", []):
            if entry.get("type", "module") == "module" and entry.get("name"):
                target_module = entry["name"]
                break
    if not root_module and target_module:
        root_module = target_module.split(".")[0]
    if not root_module:  # no Dagster settings: the project's only package, by convention
        packages = [p for p in package_root(project_dir).iterdir() if (p / "__init__.py").is_file()]
        if len(packages) == 1:
            root_module = packages[0].name
            target_module = f"{root_module}.definitions"
    if not defs_module and root_module:
        defs_module = f"{root_module}.defs"
    return {
        "root_module": root_module,
        "defs_module": defs_module,
        "target_module": target_module,
    }


def package_root(project_dir: Path) -> Path:
    """The folder that holds the project's top-level package."""
    src = project_dir / "src"
    return src if src.is_dir() else project_dir


def _load_target(target_module: str, working_directory: Path) -> list[Any]:
    """Load the code location target as a code server does: one repository per target."""
    from dagster._core.definitions.definitions_load_context import (
        DefinitionsLoadContext,
        DefinitionsLoadType,
    )
    from dagster._core.definitions.reconstruct import repository_def_from_target_def
    from dagster._core.workspace.autodiscovery import loadable_targets_from_python_module

    DefinitionsLoadContext.set(
        DefinitionsLoadContext(load_type=DefinitionsLoadType.INITIALIZATION)
    )
    repos = []
    for target in loadable_targets_from_python_module(target_module, str(working_directory)):
        repo = repository_def_from_target_def(target.target_definition)
        if repo is None:
            raise TypeError(
                f"{target_module}.{target.attribute} is not a loadable Dagster target"
            )
        repos.append(repo)
    return repos


def load_repositories(project_dir: Path, mode: str) -> list[Any]:
    """Run the chosen loader and return the resulting RepositoryDefinitions."""
    import dagster as dg

    config = read_project_config(project_dir)
    if mode == "target":
        if not config["target_module"]:
            raise ProjectConfigError(f"no code location target module in {project_dir}")
        return _load_target(config["target_module"], package_root(project_dir))
    if mode == "load_defs":
        if not config["defs_module"]:
            raise ProjectConfigError(f"no defs module in {project_dir}")
        defs = dg.load_defs(importlib.import_module(config["defs_module"]))
    else:
        defs = dg.load_from_defs_folder(path_within_project=project_dir)
    return [defs.get_repository_def()]


def summarize(repos: list[Any]) -> dict[str, Any]:
    """Force full resolution and list what loaded, as ``dg list defs`` does."""
    from dagster._core.definitions.assets.definition.asset_spec import (
        SYSTEM_METADATA_KEY_AUTO_CREATED_STUB_ASSET as STUB_KEY,
    )
    from dagster._core.definitions.assets.job.asset_job import is_reserved_asset_job_name

    assets: set[str] = set()
    stubs: set[str] = set()
    checks: set[str] = set()
    jobs: set[str] = set()
    schedules: set[str] = set()
    sensors: set[str] = set()
    resources: set[str] = set()
    groups: dict[str, str] = {}
    for repo in repos:
        # Resolves every job and the asset graph: duplicate keys and names raise here.
        repo.validate_loadable()
        graph = repo.asset_graph
        for key in graph.get_all_asset_keys():
            # Keys only named as a dependency get an auto-created stub: not a definition.
            is_stub = graph.get(key).metadata.get(STUB_KEY)
            (stubs if is_stub else assets).add(key.to_user_string())
            if not is_stub:
                groups[key.to_user_string()] = graph.get(key).group_name
        checks.update(
            f"{key.asset_key.to_user_string()}:{key.name}" for key in graph.asset_check_keys
        )
        jobs.update(
            job.name for job in repo.get_all_jobs() if not is_reserved_asset_job_name(job.name)
        )
        schedules.update(schedule.name for schedule in repo.schedule_defs)
        sensors.update(sensor.name for sensor in repo.sensor_defs)
        resources.update(repo.get_top_level_resources())
    return {
        "ok": True,
        "assets": sorted(assets),
        "asset_checks": sorted(checks),
        "jobs": sorted(jobs),
        "schedules": sorted(schedules),
        "sensors": sorted(sensors),
        "stub_assets": sorted(stubs),
        "resources": sorted(resources),
        "asset_groups": dict(sorted(groups.items())),
    }


def run(project_dir: Path, mode: str) -> dict[str, Any]:
    """Load the project in this process and return the JSON-able result."""
    sys.dont_write_bytecode = True
    project_dir = project_dir.resolve()
    script_dir = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if p and Path(p).resolve() != Path(script_dir)]
    sys.path[0:0] = [str(package_root(project_dir)), str(SHIMS_DIR)]
    os.chdir(project_dir)
    try:
        return summarize(load_repositories(project_dir, mode))
    except ProjectConfigError:
        raise
    except Exception as exc:  # the loader's verdict, not a crash of the oracle
        message = str(exc).strip()
        report: dict[str, Any] = {
            "ok": False,
            "error_type": type(exc).__name__,
            "error": message.splitlines()[0] if message else "",
        }
        causes = _causes(exc)
        if causes:  # what it wraps (a ComponentTreeException names only the file)
            report["causes"] = causes
        return report


def _causes(exc: BaseException) -> list[str]:
    """`Type: first line` of each exception chained below ``exc``."""
    causes: list[str] = []
    seen = {id(exc)}
    inner = exc.__cause__ or exc.__context__
    while inner is not None and id(inner) not in seen:
        seen.add(id(inner))
        text = str(inner).strip()
        causes.append(f"{type(inner).__name__}: {text.splitlines()[0] if text else ''}")
        inner = inner.__cause__ or inner.__context__
    return causes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project_dir", type=Path)
    parser.add_argument("--mode", choices=MODES, default="target")
    args = parser.parse_args(argv)
    real_stdout = sys.stdout
    with contextlib.redirect_stdout(sys.stderr):
        result = run(args.project_dir, args.mode)
    real_stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    sys.exit(main())
