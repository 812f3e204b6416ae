"""Oracle: what DGD101/DGD201 call "outside defs" is exactly what the real loader misses.

Each project is loaded twice with the real Dagster in a subprocess: through its code
location target (everything it loads by hand and through the autoloader) and through the
autoloader alone. The difference is what lives outside defs; the linter must flag exactly
that, as DGD101, and DGD102 only for what the autoloader does reach.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flake8_dgdefs.checks import check_module
from flake8_dgdefs.discovery import find_project
from flake8_dgdefs.model import ASSET, ASSET_CHECK, JOB, SCHEDULE_OR_SENSOR, Definition
from flake8_dgdefs.session import build_map
from tests.helpers import TESTDATA
from tests.oracle import run_oracle

PROJECTS = [
    "guide_before",
    "guide_elt_moved",
    "guide_after",
    "projects/imported_into_defs",
    "projects/no_dg_config",
    "projects/legacy_tool_dagster",
]

ORACLE_LISTS = {
    ASSET: ("assets",),
    ASSET_CHECK: ("asset_checks",),
    JOB: ("jobs",),
    SCHEDULE_OR_SENSOR: ("schedules", "sensors"),
}


def _names(report: dict[str, object]) -> set[tuple[str, str]]:
    names = set()
    for category, lists in ORACLE_LISTS.items():
        for key in lists:
            names.update((category, name) for name in report[key])  # type: ignore[attr-defined]
    return names


def _flagged(project_dir: Path) -> dict[str, set[tuple[str, str]]]:
    """(category, name) of each definition behind a DGD101/102/201, by code."""
    project = find_project(str(next(project_dir.rglob("definitions.py"))))
    assert project is not None
    project_map = build_map(project)
    flagged: dict[str, set[tuple[str, str]]] = {"DGD101": set(), "DGD102": set(), "DGD201": set()}
    for name, module in project_map.modules.items():
        by_line: dict[int, Definition] = {d.line: d for d in module.scan.definitions}
        for violation in check_module(project_map, name):
            code = violation.message.split()[0]
            if code in ("DGD101", "DGD102"):
                definition = by_line[violation.line]
                assert definition.keys, f"{definition} has no static name to compare"
                flagged[code].update((definition.category, key) for key in definition.keys)
            elif code == "DGD201":
                target = violation.message.split()[1]
                named = set(re.findall(r"'([^']+)'", violation.message.split(" are ")[0]))
                assert "more)" not in violation.message, "name every definition in testdata"
                for definition in project_map.modules[target].scan.definitions:
                    if definition.label in named:
                        flagged[code].update((definition.category, key) for key in definition.keys)
    return flagged


@pytest.mark.parametrize("project", PROJECTS)
def test_outside_defs_is_what_the_autoloader_misses(project: str) -> None:
    project_dir = TESTDATA / project
    everything = run_oracle(project_dir, "target")
    autoloaded = run_oracle(project_dir, "load_defs")
    assert everything["ok"] and autoloaded["ok"], (everything, autoloaded)
    outside = _names(everything) - _names(autoloaded)

    flagged = _flagged(project_dir)

    assert flagged["DGD101"] == outside
    assert flagged["DGD102"] <= _names(autoloaded)
    assert flagged["DGD201"] <= outside


def test_half_migrated_guide_still_loaded_by_hand_fails_in_dagster() -> None:
    """The case DGD202 is for: the moved module is loaded twice and Dagster refuses it."""
    report = run_oracle(TESTDATA / "guide_elt_moved_still_loaded", "target")
    verdict = {key: report[key] for key in ("ok", "error_type", "error")}
    assert verdict == {
        "ok": False,
        "error_type": "DagsterInvalidDefinitionError",
        "error": "Duplicate asset key: AssetKey(['customers_table'])",
    }
