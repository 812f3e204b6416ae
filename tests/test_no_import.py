"""Proof of "no imports executed": every checked module, and dagster itself, is a trap.

All testdata projects are copied to a temporary folder and every module gets a first
statement (after its docstring and `__future__` imports) that leaves a marker file and
raises. Fake `dagster`, `dagster_components`, ... packages, first on PYTHONPATH, do the
same, and every project folder is on PYTHONPATH too, so any import by the linter would
find the trapped copies. Then real flake8 runs (whole tree with --jobs=2, one file, the
editor's buffer on stdin) and `flake8-dgdefs list` runs on every project: no marker may
exist afterwards. A control test proves the traps fire when something does import.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import TESTDATA

FAKE_PACKAGES = (
    "dagster",
    "dagster_components",
    "dagster_dbt",
    "dagster_sling",
    "dagster_dlt",
    "dagster_slack",
    "dagster_shared",
)
PROJECT_FILES = ("pyproject.toml", "dg.toml", "setup.cfg")


def trap(markers: Path) -> str:
    """One line that leaves `<module>.imported` in `markers`, then fails the import."""
    return (
        f"import pathlib as _trap; _trap.Path({str(markers)!r}, __name__ + '.imported')"
        ".touch(); raise ImportError('flake8-dgdefs imported ' + __name__)\n"
    )


def arm(source: bytes, line: str) -> bytes:
    """`source` with `line` inserted before its first real statement (or first, if broken)."""
    try:
        body = ast.parse(source).body
    except (SyntaxError, ValueError):
        return line.encode() + source
    skip = 0
    for statement in body:
        docstring = isinstance(statement, ast.Expr) and isinstance(
            statement.value, ast.Constant
        ) and isinstance(statement.value.value, str)
        future = isinstance(statement, ast.ImportFrom) and statement.module == "__future__"
        if not (docstring or future):
            break
        skip = statement.end_lineno or statement.lineno
    lines = source.splitlines(keepends=True)
    newline = b"\r\n" if lines and lines[0].endswith(b"\r\n") else b"\n"
    return b"".join([*lines[:skip], line.rstrip("\n").encode() + newline, *lines[skip:]])


class Trapped:
    """The armed copy of testdata, the fake packages and the environment to run in."""

    def __init__(self, root: Path) -> None:
        self.markers = root / "markers"
        self.markers.mkdir()
        self.testdata = root / "testdata"
        shutil.copytree(
            TESTDATA,
            self.testdata,
            symlinks=True,
            # nul_bytes.py: some Pythons make flake8 itself fail on it (test_bad_input.py).
            ignore=shutil.ignore_patterns(".dgdefs_cache", "__pycache__", "nul_bytes.py"),
        )
        line = trap(self.markers)
        self.modules = sorted(self.testdata.rglob("*.py"))
        for path in self.modules:
            path.write_bytes(arm(path.read_bytes(), line))
        fake = root / "fake_site"
        for package in FAKE_PACKAGES:
            (fake / package).mkdir(parents=True)
            (fake / package / "__init__.py").write_text(line)
        self.projects = sorted(
            {path.parent for name in PROJECT_FILES for path in self.testdata.rglob(name)}
        )
        self.env = dict(
            os.environ,
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONPATH=os.pathsep.join([str(fake), *map(str, self.projects)]),
        )

    def run(
        self, args: list[str], cwd: Path, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=300,
            check=False,
        )

    def flake8(self, *args: str, cwd: Path, stdin: str | None = None) -> str:
        result = self.run(
            ["-m", "flake8", "--isolated", "--select=DGD,E902,E999", *args], cwd, stdin
        )
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode in (0, 1), result.stderr
        return result.stdout

    def imported(self) -> list[str]:
        return sorted(path.name for path in self.markers.iterdir())


@pytest.fixture(scope="module")
def trapped(tmp_path_factory: pytest.TempPathFactory) -> Trapped:
    return Trapped(tmp_path_factory.mktemp("no_import"))


def test_the_traps_fire(trapped: Trapped) -> None:
    """Control: importing dagster or a project module does leave a marker."""
    guide = trapped.testdata / "guide_before"
    for module in ("dagster", "my_existing_project.elt.assets"):
        result = trapped.run(["-c", f"import {module}"], guide)
        assert f"flake8-dgdefs imported {module.partition('.')[0]}" in result.stderr
    assert trapped.imported() == ["dagster.imported", "my_existing_project.imported"]
    for marker in trapped.markers.iterdir():
        marker.unlink()


def test_flake8_whole_tree_in_parallel(trapped: Trapped) -> None:
    out = trapped.flake8("--jobs=2", ".", cwd=trapped.testdata)
    assert ": DGD101 " in out  # the plugin did run over the projects
    assert trapped.imported() == []


def test_flake8_one_file_and_stdin(trapped: Trapped) -> None:
    project = trapped.testdata / "guide_before"
    path = "my_existing_project/definitions.py"
    out = trapped.flake8("--jobs=1", path, cwd=project)
    assert ": DGD201 " in out
    buffer = (project / path).read_text()
    out = trapped.flake8(f"--stdin-display-name={path}", "-", cwd=project, stdin=buffer)
    assert ": DGD201 " in out
    assert trapped.imported() == []


def test_flake8_from_project_folders(trapped: Trapped) -> None:
    """As pre-commit runs it: from a project's folder, with its files as arguments."""
    for project in trapped.projects:
        if project.parent.name not in ("testdata", "bad_input"):
            continue  # the whole-tree run covers the others; one subprocess each is slow
        files = sorted(str(path.relative_to(project)) for path in project.rglob("*.py"))
        if files:
            trapped.flake8("--jobs=2", *files, cwd=project)
    assert trapped.imported() == []


LIST_EVERY_PROJECT = """
import contextlib, io, json, os, sys
from flake8_dgdefs.cli import main
report = {}
for project in sys.argv[1:]:
    os.chdir(project)
    sys.path.insert(0, project)
    for args in (["list", "."], ["list", "--json", "."]):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(args)
            except SystemExit as exc:
                code = exc.code
        report[project + " " + args[-2]] = [code, out.getvalue(), err.getvalue()]
    sys.path.remove(project)
print(json.dumps(report))
"""


def test_list_every_project(trapped: Trapped) -> None:
    result = trapped.run(
        ["-c", LIST_EVERY_PROJECT, *map(str, trapped.projects)], trapped.testdata
    )
    assert "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    assert len(report) == 2 * len(trapped.projects)
    for run, (code, _, err) in report.items():
        assert "Traceback" not in err, (run, err)
        assert code in (0, 1, 2), (run, code, err)
    guide = report[f"{trapped.testdata / 'guide_before'} list"]
    assert guide[0] == 0 and "customers_table" in guide[1], guide  # `list` did run
    assert trapped.imported() == []
