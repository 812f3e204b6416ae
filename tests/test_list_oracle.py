"""Oracle: `flake8-dgdefs list --json` against the real `dg list defs --json`.

Every testdata project that `dg list defs --json` loads is compared field by field; a
project Dagster refuses to load is skipped (the linter reports those). Run this file as a
script to print the agreement figures:

    /tmp/venv/bin/python tests/test_list_oracle.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
SHIMS = ROOT / "tests" / "oracle" / "shims"
DG = Path(sys.executable).with_name("dg")

#: Fields Dagster only knows at run time (or that the static listing leaves out), never
#: compared. Also in the README.
RUNTIME_FIELDS: dict[str, str] = {
    "source": "dg fills it only for definitions built with code references",
    "automation_condition": "the condition's label is computed by Dagster at load time",
}

#: Per section: the key field and the fields compared for each entry.
COMPARED: dict[str, tuple[str, tuple[str, ...]]] = {
    "assets": (
        "asset_key",
        (
            "group_name",
            "dependency_keys",
            "kinds",
            "description",
            "is_executable",
            "owners",
            "tags",
        ),
    ),
    "asset_checks": ("key", ("asset_key", "name", "description", "additional_deps")),
    "jobs": ("name", ("description",)),
    "schedules": ("name", ("cron_schedule",)),
    "sensors": ("name", ()),
    "resources": ("name", ("type",)),
}

#: Folders of testdata that are deliberately not projects Dagster can load.
NOT_PROJECTS = ("bad_input",)


def find_projects() -> list[Path]:
    """Every folder of testdata with a `[tool.dg]` pyproject.toml or a dg.toml."""
    found = []
    for folder, subfolders, files in os.walk(TESTDATA):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith((".", "__")) and name not in NOT_PROJECTS
        )
        if "dg.toml" in files or (
            "pyproject.toml" in files
            and "[tool.dg" in (Path(folder) / "pyproject.toml").read_text(encoding="utf-8")
        ):
            found.append(Path(folder))
            subfolders[:] = []
    return found


def _env(package_dir: Path) -> dict[str, str]:
    return dict(
        os.environ,
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=os.pathsep.join([str(package_dir), str(SHIMS)]),
        DAGSTER_DISABLE_TELEMETRY="1",
        DAGSTER_HOME="",
    )


def dg_list(project: Path) -> dict[str, Any] | None:
    """`dg list defs --json` on a project (a copy: it writes nothing into testdata)."""
    package_dir = project / "src" if (project / "src").is_dir() else project
    result = subprocess.run(
        [str(DG), "list", "defs", "--json"],
        cwd=project,
        env=_env(package_dir),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        return None
    try:
        data = json.loads(result.stdout)
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def our_list(project: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "flake8_dgdefs", "list", str(project), "--json"],
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def compare(real: dict[str, Any], ours: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(fields equal, fields left unresolved by us, differences) of two listings."""
    equal = unresolved = 0
    differences: list[str] = []
    # Definitions the listing says it cannot see (a YAML component, an imported
    # Definitions object): what dg lists beyond ours is then unresolved, not different.
    unseen = bool(ours.get("unresolved"))
    for section, (key_field, fields) in COMPARED.items():
        theirs = {entry[key_field]: entry for entry in real.get(section, [])}
        mine = {entry.get(key_field): entry for entry in ours.get(section, [])}
        for key in sorted(set(theirs) | set(mine), key=str):
            if key not in mine:
                if unseen or None in mine:  # some entry of ours has an unresolved key
                    unresolved += 1
                else:
                    differences.append(f"{section}: {key} missing from flake8-dgdefs list")
                continue
            if key is None:
                unresolved += 1
                continue
            if key not in theirs:
                differences.append(f"{section}: {key} listed but dg does not load it")
                continue
            equal += 1  # the key itself
            skipped = {u["field"] for u in mine[key].get("unresolved", [])}
            for field in fields:
                if field in skipped:
                    unresolved += 1
                    continue
                expected, got = _normal(theirs[key].get(field)), _normal(mine[key].get(field))
                if expected == got:
                    equal += 1
                else:
                    differences.append(f"{section}: {key}.{field}: dg {expected!r}, ours {got!r}")
    return equal, unresolved, differences


def _normal(value: Any) -> Any:
    """Empty lists and None both mean "none" (dg leaves out empty optional fields)."""
    return None if value in ([], None) else value


PROJECTS = find_projects()


@pytest.mark.parametrize(
    "project", PROJECTS, ids=[str(p.relative_to(TESTDATA)) for p in PROJECTS]
)
def test_list_matches_dg_list_defs(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / project.name
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("__pycache__"))
    real = dg_list(copy)
    if real is None:
        pytest.skip("dg list defs fails on this project: not loadable")
    _, _, differences = compare(real, our_list(copy))
    assert differences == []


#: Projects whose every definition, key and compared field the static listing computes:
#: `list --json` equals `dg list defs --json` with nothing left unresolved.
EXACT_LISTINGS = ("model/definitions_locals",)
#: Near misses whose values are not certain: equal where resolved, the rest unresolved.
PARTLY_UNRESOLVED = (
    "model/definitions_locals_branches", "model/conditional_bindings", "list/mapped_inline",
    "list/local_deps",
)


@pytest.mark.parametrize("name", [*EXACT_LISTINGS, *PARTLY_UNRESOLVED])
def test_list_is_exact_where_the_scan_evaluates_everything(name: str, tmp_path: Path) -> None:
    """Locals of a @definitions function (keys, groups, tags, deps, jobs and schedules built
    from them) are listed as dg lists them; a local set in a branch or bound twice is named
    as unresolved instead of guessed; so are the specs an if/else binds to one name, and
    what a `map_asset_specs` function not read exactly changes, and a factory's `deps=` of a
    local it cannot compute (never the module's list of the same name)."""
    copy = tmp_path / Path(name).name
    shutil.copytree(TESTDATA / name, copy, ignore=shutil.ignore_patterns("__pycache__"))
    real = dg_list(copy)
    assert real is not None
    ours = our_list(copy)
    _, unresolved, differences = compare(real, ours)
    assert differences == []
    if name in EXACT_LISTINGS:
        assert (unresolved, ours.get("unresolved", [])) == (0, [])
    else:
        assert unresolved > 0 or ours.get("unresolved")  # on an entry, or at the top


def _figures(workdir: Path) -> Iterator[str]:
    totals = [0, 0, 0, 0]
    for project in PROJECTS:
        copy = workdir / str(project.relative_to(TESTDATA)).replace(os.sep, "__")
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns("__pycache__"))
        real = dg_list(copy)
        name = project.relative_to(TESTDATA)
        if real is None:
            yield f"{name}: not loadable, skipped"
            continue
        equal, unresolved, differences = compare(real, our_list(copy))
        totals[0] += 1
        totals[1] += equal
        totals[2] += unresolved
        totals[3] += len(differences)
        yield f"{name}: {equal} equal, {unresolved} unresolved, {len(differences)} different"
        yield from (f"    {line}" for line in differences)
    yield (
        f"TOTAL: {totals[0]} projects compared, {totals[1]} keys and fields equal,"
        f" {totals[2]} left unresolved, {totals[3]} differences"
    )


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for line in _figures(Path(tmp)):
            print(line, flush=True)
