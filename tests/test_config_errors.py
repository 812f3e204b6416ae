"""Configuration errors are findings (DGD001-DGD003): one line per project and run, flake8
exits 1, and files outside any project stay quiet. Real flake8, real files, exact lines.

The broken settings of every kind are in tests/test_bad_input.py; what Dagster itself says
about them is in tests/test_config_oracle.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT, TEST_CACHE, TESTDATA, run_flake8

SKIPPED = "; Dagster checks skipped for this project"
NOPE = (
    "DGD002 --dg-root-module: root_module 'nope' is not a package of the project"
    f" (no nope/ or nope.py){SKIPPED}"
)
DEFZ = (
    "DGD002 --dg-defs-module: defs_module 'my_existing_project.defz' is not a package of the"
    " project (no my_existing_project/defz/ or my_existing_project/defz.py)" + SKIPPED
)


def flake8_with_config(*args: str, cwd: Path, stdin: str | None = None) -> tuple[int, list[str]]:
    """flake8 reading the project's own setup.cfg (no --isolated): exit code, stdout lines."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", DGDEFS_CACHE_DIR=str(TEST_CACHE))
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--select=DGD", *args],
        cwd=cwd, input=stdin, capture_output=True, text=True, env=env, timeout=300, check=False,
    )
    assert result.stderr == "", result.stderr
    return result.returncode, result.stdout.splitlines()


def guide_copy(tmp_path: Path, setup_cfg: str | None = None) -> Path:
    root = tmp_path / "guide_before"
    shutil.copytree(TESTDATA / "guide_before", root, ignore=shutil.ignore_patterns("__pycache__"))
    if setup_cfg is not None:
        (root / "setup.cfg").write_text(setup_cfg, encoding="utf-8")
    return root


def test_readme_example_is_what_flake8_prints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ flake8 --select=DGD --dg-root-module=nope testdata/guide_before\n"
    example = readme.split(command, 1)[1].split("```", 1)[0].splitlines()
    result = run_flake8("--dg-root-module=nope", "testdata/guide_before", cwd=ROOT)
    assert (result.returncode, result.stderr) == (1, "")
    assert example == result.stdout.splitlines() == [
        f"testdata/guide_before/my_existing_project/__init__.py:1:1: {NOPE}"
    ]


def test_a_misspelled_defs_module_in_setup_cfg_fails_the_run(tmp_path: Path) -> None:
    root = guide_copy(tmp_path, "[flake8]\ndg-defs-module = my_existing_project.defz\n")
    for jobs in ("1", "2"):
        assert flake8_with_config(f"--jobs={jobs}", ".", cwd=root) == (
            1, [f"./my_existing_project/__init__.py:1:1: {DEFZ}"]
        )
    # Fixed, the project gets its ordinary lines again.
    (root / "setup.cfg").write_text("[flake8]\ndg-defs-module = my_existing_project.defs\n")
    code, lines = flake8_with_config("--jobs=1", ".", cwd=root)
    assert code == 1 and len(lines) == 12 and not [line for line in lines if " DGD00" in line]


def test_pre_commit_style_runs_report_on_the_first_file_passed(tmp_path: Path) -> None:
    """pre-commit passes only the changed files, in any order: the first of them in
    flake8's output order carries the line, and it is the only line."""
    root = guide_copy(tmp_path, "[flake8]\ndg-defs-module = my_existing_project.defz\n")
    files = ["my_existing_project/elt/assets.py", "my_existing_project/analytics/jobs.py"]
    assert flake8_with_config("--jobs=1", *files, cwd=root) == (
        1, [f"my_existing_project/analytics/jobs.py:1:1: {DEFZ}"]
    )


def test_the_editor_buffer_gets_the_line(tmp_path: Path) -> None:
    root = guide_copy(tmp_path)
    path = "my_existing_project/definitions.py"
    source = (root / path).read_text(encoding="utf-8")
    code, lines = flake8_with_config(
        "--dg-root-module=nope", f"--stdin-display-name={path}", "-", cwd=root, stdin=source
    )
    assert (code, lines) == (1, [f"{path}:1:1: {NOPE}"])


def test_files_outside_any_project_stay_quiet(tmp_path: Path) -> None:
    """No dg.toml, pyproject.toml, setup.py, setup.cfg or .git above a file: no project,
    so even a bad option says nothing there, while the same file in a project gets it."""
    loose = tmp_path / "loose"
    loose.mkdir()
    source = "import dagster as dg\n\n\n@dg.asset\ndef orphan(): ...\n"
    (loose / "script.py").write_text(source, encoding="utf-8")
    assert [p for p in tmp_path.parents if any((p / m).exists() for m in (
        "dg.toml", "pyproject.toml", "setup.py", "setup.cfg", ".git"
    ))] == []
    for option in ("--dg-root-module=nope", "--dg-defs-module=1abc"):
        assert flake8_with_config(option, "script.py", cwd=loose) == (0, [])
    (loose / "setup.py").write_text("", encoding="utf-8")
    code, lines = flake8_with_config("--dg-root-module=nope", "script.py", cwd=loose)
    assert (code, lines) == (1, [f"script.py:1:1: {NOPE}"])


def test_one_line_per_project_in_a_monorepo(tmp_path: Path) -> None:
    """Two projects, one broken option: one line for each project, none twice."""
    for name in ("guide_before", "guide_after"):
        shutil.copytree(TESTDATA / name, tmp_path / name)
    result = run_flake8("--jobs=2", "--dg-root-module=nope", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert sorted(result.stdout.splitlines()) == [
        f"./guide_after/my_existing_project/__init__.py:1:1: {NOPE}",
        f"./guide_before/my_existing_project/__init__.py:1:1: {NOPE}",
    ]
