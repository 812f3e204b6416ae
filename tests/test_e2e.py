"""Real flake8 on real files: exact output lines, however flake8 is run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import TEST_CACHE, TESTDATA, flake8_lines, run_flake8

PKG = "my_existing_project"
DEFS = f"outside the defs package {PKG}.defs"


def _dgd101(path: str, line: int, kind: str, name: str) -> str:
    return (
        f"{PKG}/{path}:{line}:1: DGD101 {kind} '{name}' is {DEFS} and will not be autoloaded;"
        f" move {PKG}/{path} under {PKG}/defs/"
    )


def _dgd201(line: int, module: str, names: str) -> str:
    path = module.replace(".", "/") + ".py"
    return (
        f"{PKG}/definitions.py:{line}:1: DGD201 {PKG}.{module} is imported by hand beside"
        f" load_defs, but its definitions ({names}) are {DEFS}; move {PKG}/{path} under"
        f" {PKG}/defs/ and drop this import"
    )


ANALYTICS = [
    _dgd101("analytics/assets.py", 4, "asset", "my_analytics_asset"),
    _dgd101("analytics/jobs.py", 3, "job", "regenerate_analytics_job"),
    _dgd101("analytics/jobs.py", 8, "schedule", "regenerate_analytics_job_schedule"),
]
ELT = [
    _dgd101("elt/assets.py", 4, "asset", "customers_table"),
    _dgd101("elt/assets.py", 8, "asset", "orders_table"),
    _dgd101("elt/assets.py", 12, "asset", "products_table"),
    _dgd101("elt/jobs.py", 3, "job", "sync_tables_job"),
    _dgd101("elt/jobs.py", 8, "schedule", "sync_tables_job_schedule"),
]
ANALYTICS_IMPORTS = [
    ("analytics.assets", "asset 'my_analytics_asset'"),
    (
        "analytics.jobs",
        "job 'regenerate_analytics_job', schedule 'regenerate_analytics_job_schedule'",
    ),
]
ELT_IMPORTS = [
    ("elt.assets", "asset 'customers_table', asset 'orders_table', asset 'products_table'"),
    ("elt.jobs", "job 'sync_tables_job', schedule 'sync_tables_job_schedule'"),
]

EXPECTED = {
    # 4 assets, 2 jobs, 2 schedules outside defs; 4 manual imports in definitions.py.
    "guide_before": sorted(
        ANALYTICS
        + ELT
        + [
            _dgd201(line, module, names)
            for line, (module, names) in zip((5, 6, 10, 11), ANALYTICS_IMPORTS + ELT_IMPORTS)
        ]
    ),
    "guide_elt_moved": sorted(
        ANALYTICS + [_dgd201(line, m, n) for line, (m, n) in zip((3, 4), ANALYTICS_IMPORTS)]
    ),
    "guide_after": [],
}


@pytest.mark.parametrize("stage", sorted(EXPECTED))
def test_whole_tree(stage: str) -> None:
    assert flake8_lines(".", cwd=TESTDATA / stage) == [f"./{line}" for line in EXPECTED[stage]]


@pytest.mark.parametrize("stage", sorted(EXPECTED))
def test_parallel_run_gives_the_same_lines(stage: str) -> None:
    lines = flake8_lines("--jobs=2", ".", cwd=TESTDATA / stage)
    assert lines == [f"./{line}" for line in EXPECTED[stage]]


@pytest.mark.parametrize("stage", sorted(EXPECTED))
def test_one_file_at_a_time_gives_the_same_lines(stage: str) -> None:
    root = TESTDATA / stage
    lines = []
    for path in sorted(root.rglob("*.py")):
        lines += flake8_lines(str(path.relative_to(root)), cwd=root)
    assert sorted(lines) == EXPECTED[stage]


def test_stdin_buffer_wins_over_the_disk(tmp_path: Path) -> None:
    """An editor sends the unsaved buffer: its content, not the file on disk, is linted."""
    root = tmp_path / "stage"
    shutil.copytree(TESTDATA / "guide_before", root)
    display = f"{PKG}/elt/assets.py"
    buffer = "import dagster as dg\n\n\n@dg.asset\ndef customers_table() -> None: ...\n"

    lines = flake8_lines("--stdin-display-name", display, "-", cwd=root, stdin=buffer)

    assert lines == [_dgd101("elt/assets.py", 4, "asset", "customers_table")]


def test_stdin_with_the_saved_content_matches_the_file_run() -> None:
    root = TESTDATA / "guide_before"
    display = f"{PKG}/definitions.py"
    buffer = (root / display).read_text()

    lines = flake8_lines("--stdin-display-name", display, "-", cwd=root, stdin=buffer)

    assert lines == [line for line in EXPECTED["guide_before"] if line.startswith(display)]


def test_noqa_on_the_reported_line_silences_it(tmp_path: Path) -> None:
    root = tmp_path / "stage"
    shutil.copytree(TESTDATA / "guide_elt_moved", root)
    assets = root / PKG / "analytics" / "assets.py"
    decorator = '@dg.asset(deps=["orders_table"])'
    assets.write_text(assets.read_text().replace(decorator, f"{decorator}  # noqa: DGD101"))
    lines = flake8_lines(".", cwd=root)
    expected = [line for line in EXPECTED["guide_elt_moved"] if "analytics/assets.py:" not in line]
    assert lines == [f"./{line}" for line in expected]


def test_files_outside_any_dagster_project_get_nothing(tmp_path: Path) -> None:
    (tmp_path / "setup.py").write_text("")
    (tmp_path / "tool").mkdir()
    (tmp_path / "tool" / "__init__.py").write_text("")
    (tmp_path / "tool" / "jobs.py").write_text("import dagster as dg\n\n@dg.job\ndef j(): ...\n")
    assert flake8_lines(".", cwd=tmp_path) == []


def test_other_libraries_asset_decorators_are_not_dagsters() -> None:
    assert flake8_lines(".", cwd=TESTDATA / "projects" / "not_dagster") == []


def test_options_override_the_defs_package(tmp_path: Path) -> None:
    """--dg-defs-module (also readable from setup.cfg) wins over the project's settings."""
    root = tmp_path / "stage"
    shutil.copytree(TESTDATA / "guide_elt_moved", root)
    (root / "setup.cfg").write_text(f"[flake8]\ndg-defs-module = {PKG}.analytics\n")
    from_config = subprocess.run(
        [sys.executable, "-m", "flake8", "--select=DGD", "."],
        cwd=root,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1", DGDEFS_CACHE_DIR=str(TEST_CACHE)),
        check=False,
    )
    from_option = run_flake8(f"--dg-defs-module={PKG}.analytics", ".", cwd=root)
    for result in (from_config, from_option):
        assert "Traceback" not in result.stderr
        assert f"outside the defs package {PKG}.analytics " in result.stdout
        assert "analytics/assets.py" not in result.stdout
        assert "defs/elt/assets.py:4:1: DGD101 asset 'customers_table'" in result.stdout


def test_monorepo_projects_each_get_their_own_map() -> None:
    paths = ("guide_before", "guide_after", "projects/imported_into_defs")
    lines = flake8_lines(*paths, cwd=TESTDATA)
    assert [line for line in lines if line.startswith("guide_")] == [
        f"guide_before/{line}" for line in EXPECTED["guide_before"]
    ]
    assert [line.split(": ")[0] for line in lines if line.startswith("projects/")] == [
        "projects/imported_into_defs/shop/definitions.py:4:1",
        "projects/imported_into_defs/shop/elt/assets.py:4:1",
        "projects/imported_into_defs/shop/elt/assets.py:8:1",
    ]
