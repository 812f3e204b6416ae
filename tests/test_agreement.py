"""The rules and `list` agree by construction: both read the one load model.

- No rule calls a definition dropped (DGD301-DGD307) that `list` shows as loaded.
- `list --check` finds a load failure (its `problems`) exactly when a rule reports one
  (DGD202, DGD303, DGD401-DGD406).

Checked on every testdata project (here) and on the fuzz grammar (tests/test_fuzz.py calls
`assert_agreement` on each generated project).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flake8_dgdefs.checks import check_module
from flake8_dgdefs.discovery import ConfigError, Project, find_project
from flake8_dgdefs.listing import Listing, build_listing
from flake8_dgdefs.project_map import ProjectMap
from flake8_dgdefs.session import build_map
from tests.helpers import TESTDATA

#: Rules that say "Dagster will not load this definition".
DROPPED = frozenset({"DGD301", "DGD302", "DGD304", "DGD305", "DGD306", "DGD307"})
#: Rules that say "Dagster refuses the code location".
REFUSED = frozenset(
    {"DGD202", "DGD303", "DGD401", "DGD402", "DGD403", "DGD404", "DGD405", "DGD406"}
)


def _sources(listing: Listing) -> set[str]:
    entries = (
        *listing.assets, *listing.asset_checks, *listing.jobs, *listing.schedules, *listing.sensors
    )
    return {entry.source for entry in entries if entry.source}


def assert_agreement(project: ProjectMap) -> None:
    """The rules' verdicts and the listing of one map do not contradict each other."""
    listing = build_listing(project)
    shown = _sources(listing)
    refused = False
    for name, module in project.modules.items():
        for violation in check_module(project, name):
            code = violation.message.split(" ", 1)[0]
            refused = refused or code in REFUSED
            if code in DROPPED:
                where = f"{module.path}:{violation.line}"
                assert where not in shown, f"{violation.message} but `list` shows {where}"
    assert refused == bool(listing.problems), (refused, listing.problems)


def _projects() -> list[Path]:
    found = []
    for config in (*TESTDATA.rglob("pyproject.toml"), *TESTDATA.rglob("dg.toml")):
        if "bad_input" not in config.parts and config.parent not in found:
            found.append(config.parent)
    return sorted(found)


def project_at(folder: Path) -> Project:
    """The Dagster project rooted at a testdata folder; the test is skipped when there is
    none (a broken configuration, a folder inside another project)."""
    try:
        project = find_project(str(folder / "_.py"))
    except ConfigError:
        pytest.skip("a broken configuration: no model")
    if project is None or project.directory != str(folder):
        pytest.skip("not the root of a Dagster project")
    return project


@pytest.mark.parametrize("folder", _projects(), ids=lambda p: str(p.relative_to(TESTDATA)))
def test_rules_and_list_agree_on_every_testdata_project(folder: Path) -> None:
    assert_agreement(build_map(project_at(folder)))
