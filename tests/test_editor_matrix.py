"""Correctness is not traded for speed (issue 12, item 4): the same edits, linted through
(a) `--dg-no-cache`, (b) the scan cache, (b') the editor's index (each editor run twice: the
second is answered from the index when the first could store its answer), (c) a
`flake8-dgdefs serve` server, give the same lines, before and after each edit.

Each case copies testdata/guide_before into a git repository in a short temporary folder,
warms the cache and starts a server, takes the three variants' findings (the whole tree,
and the editor's runs of a few files with the buffer on stdin), makes its edit, and takes
them again. Each case also checks that its edit changed the findings the way it should:
an edit that changed nothing would prove nothing. The server variant is skipped where the
server cannot run (no watchfiles, no Unix sockets); the other two always run.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Callable, Iterator

import pytest

from flake8_dgdefs.server import protocol
from tests import test_server
from tests.helpers import HOUR_AGO
from tests.test_server import DEFINITIONS, Served, copy_project, environment, flake8

short_tmp = test_server.short_tmp  # the fixture

try:
    import watchfiles  # noqa: F401

    SERVER = protocol.supported()
except ImportError:  # pragma: no cover - the server extra is not installed
    SERVER = False

PACKAGE = "my_existing_project"
#: Files linted as an editor does, when they exist (the buffer is the file on disk).
EDITOR_FILES = (
    DEFINITIONS,
    f"{PACKAGE}/defs/__init__.py",
    f"{PACKAGE}/elt/assets.py",
    f"{PACKAGE}/analytics/assets.py",
    f"{PACKAGE}/defs/extra/assets.py",
    f"{PACKAGE}/defs/elt_assets.py",
    f"{PACKAGE}/defs/reports/extra.py",
    f"{PACKAGE}/defs/wide/w_07.py",
)
ASSET = "import dagster as dg\n\n\n@dg.asset\ndef {name}() -> None: ...\n"


def git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false",
         *args],
        cwd=project, check=True, capture_output=True, env=environment(), timeout=60,
    )


class Matrix:
    """The three ways of linting one project."""

    def __init__(self, project: Path, cache: Path, server: Served | None) -> None:
        self.project = project
        self.cache = cache
        self.server = server
        self.index_hits = 0  # editor runs the index answered (no map built)

    def run(self, variant: str) -> list[str]:
        """The findings of one variant: the whole tree, then each editor run."""
        args = {
            "no-cache": ["--dg-no-cache"],
            "cache": [f"--dg-cache-dir={self.cache}"],  # a cache with no server in it
            "index": [f"--dg-cache-dir={self.cache}-index"],
            "server": [],  # the default cache folder, where the server's socket is
        }[variant]
        lines = flake8(self.project, *args, ".")
        for name in EDITOR_FILES:
            path = self.project / name
            if path.exists():
                lines.append(f"-- editor {name}")
                editor = [*args, "--stdin-display-name", name, "-"]
                first = flake8(self.project, *editor, stdin=path.read_text())
                if variant == "index":  # now the index may answer: the same lines
                    assert self._again(editor, path.read_text()) == first
                lines += first
        return lines

    def _again(self, editor: list[str], text: str) -> list[str]:
        """The same editor run again, counting it when the index answered it."""
        stats = self.project.parent / "stats.jsonl"
        stats.unlink(missing_ok=True)
        lines = flake8(self.project, *editor, stdin=text, env=environment(
            DGDEFS_STATS=str(stats)
        ))
        self.index_hits += not stats.exists()
        return lines

    def findings(self) -> list[str]:
        """The findings, the same through every variant (asserted)."""
        expected = self.run("no-cache")
        assert self.run("cache") == expected
        assert self.run("index") == expected
        if self.server is not None:
            self.server.sync()
            before = self.server.answered("prepare")
            assert self.run("server") == expected
            runs = 1 + sum(1 for line in expected if line.startswith("-- editor "))
            assert self.server.answered("prepare") == before + runs, "the server was not used"
        return [line.removeprefix("./") for line in expected if not line.startswith("-- ")]


@pytest.fixture
def matrix(short_tmp: Path) -> Iterator[Matrix]:
    project = copy_project(short_tmp)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    server = None
    if SERVER:
        server = Served(project, short_tmp / "serve.log")
    try:
        yield Matrix(project, short_tmp / "cache", server)
    finally:
        if server is not None:
            server.stop()


def write(project: Path, name: str, text: str) -> None:
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def codes(lines: list[str], path: str) -> list[str]:
    """The codes of the lines reported on one file."""
    return [line.split(": ")[1].split()[0] for line in lines if line.startswith(f"{path}:")]


# -- the edits -------------------------------------------------------------------------------
def duplicate_in_place(project: Path) -> Callable[[list[str], list[str]], None]:
    """Another file, edited in place, now defines a key that elt/assets.py defines."""
    path = project / PACKAGE / "defs" / "__init__.py"
    path.write_text(ASSET.format(name="orders_table"))
    os.utime(path, (HOUR_AGO + 60, HOUR_AGO + 60))  # old enough for the cache to trust

    def expect(before: list[str], after: list[str]) -> None:
        assert "DGD401" not in codes(before, DEFINITIONS)
        assert codes(after, DEFINITIONS).count("DGD401") == 2  # the tree's, the editor's
        assert any("asset key 'orders_table'" in line for line in after)

    return expect


def new_folder(project: Path) -> Callable[[list[str], list[str]], None]:
    """A new package in defs, whose asset's key is defined by hand-loaded elt/assets.py."""
    write(project, f"{PACKAGE}/defs/extra/__init__.py", "")
    write(project, f"{PACKAGE}/defs/extra/assets.py", ASSET.format(name="customers_table"))

    def expect(before: list[str], after: list[str]) -> None:
        assert not any("'customers_table' defines" in line for line in before)
        assert any(
            ": DGD401 " in line and "asset key 'customers_table'" in line for line in after
        ), after

    return expect


def deletion(project: Path) -> Callable[[list[str], list[str]], None]:
    (project / PACKAGE / "analytics" / "jobs.py").unlink()

    def expect(before: list[str], after: list[str]) -> None:
        assert codes(before, f"{PACKAGE}/analytics/jobs.py") == ["DGD101", "DGD101"]
        assert codes(after, f"{PACKAGE}/analytics/jobs.py") == []
        assert not any("regenerate_analytics_job'" in line for line in after)

    return expect


def rename(project: Path) -> Callable[[list[str], list[str]], None]:
    """elt/assets.py moves into defs (its import in definitions.py now names nothing)."""
    (project / PACKAGE / "elt" / "assets.py").rename(project / PACKAGE / "defs" / "elt_assets.py")

    def expect(before: list[str], after: list[str]) -> None:
        assert codes(before, f"{PACKAGE}/elt/assets.py") == ["DGD101"] * 6  # tree, editor
        assert codes(after, f"{PACKAGE}/elt/assets.py") == []
        assert not any("my_existing_project.elt.assets is imported" in line for line in after)
        assert sum("my_existing_project.elt.assets is imported" in line for line in before) == 2

    return expect


def make_branch(project: Path) -> None:
    """`git checkout` of a branch that changes 30 files: a new folder of 26 modules (one
    with a duplicate key), a deletion, 3 edits."""
    git(project, "checkout", "-q", "-b", "wide")
    write(project, f"{PACKAGE}/defs/wide/__init__.py", "")
    for index in range(25):
        name = "products_table" if index == 7 else f"wide_asset_{index:02d}"
        write(project, f"{PACKAGE}/defs/wide/w_{index:02d}.py", ASSET.format(name=name))
    (project / PACKAGE / "analytics" / "jobs.py").unlink()
    write(project, f"{PACKAGE}/analytics/__init__.py", "# analytics\n")
    write(project, f"{PACKAGE}/elt/__init__.py", "# elt\n")
    analytics = project / PACKAGE / "analytics" / "assets.py"
    more = "\n\n@dg.asset\ndef more_analytics() -> None: ...\n"
    analytics.write_text(analytics.read_text() + more)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "wide")
    changed = subprocess.run(
        ["git", "diff", "--name-only", "main", "wide"], cwd=project, capture_output=True,
        text=True, check=True,
    ).stdout.split()
    assert len(changed) == 30, changed
    git(project, "checkout", "-q", "main")


# -- the tests -------------------------------------------------------------------------------
@pytest.mark.parametrize("edit", [duplicate_in_place, new_folder, deletion, rename])
def test_edits(
    matrix: Matrix, edit: Callable[[Path], Callable[[list[str], list[str]], None]]
) -> None:
    before = matrix.findings()
    expect = edit(matrix.project)
    after = matrix.findings()
    expect(before, after)


def test_git_checkout(matrix: Matrix) -> None:
    project = matrix.project
    make_branch(project)  # main is checked out again
    before = matrix.findings()
    git(project, "checkout", "-q", "wide")
    after = matrix.findings()
    assert codes(before, f"{PACKAGE}/analytics/jobs.py") == ["DGD101", "DGD101"]
    assert codes(after, f"{PACKAGE}/analytics/jobs.py") == []
    assert any(
        ": DGD401 " in line and "asset key 'products_table'" in line for line in after
    ), after
    assert any("'more_analytics'" in line for line in after)
    git(project, "checkout", "-q", "main")  # and back: 30 files again
    assert matrix.findings() == before


def test_pyproject_change(matrix: Matrix) -> None:
    before = matrix.findings()
    pyproject = matrix.project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace(
            f'root_module = "{PACKAGE}"',
            # A code location that never calls the autoloader: not migrating yet.
            f'root_module = "{PACKAGE}"\ncode_location_target_module = "{PACKAGE}.analytics"',
        )
    )
    after = matrix.findings()
    assert codes(before, f"{PACKAGE}/elt/assets.py") == ["DGD101"] * 6  # tree, editor
    assert len(before) == 20
    assert after == []
    pyproject.write_text("[tool.dg\n")  # broken: one DGD001 line, nothing else
    broken = matrix.findings()
    assert [line.split(": ")[1].split()[0] for line in broken] == ["DGD001"] * (
        1 + sum(1 for name in EDITOR_FILES if (matrix.project / name).exists())
    )


def test_defs_yaml_change(matrix: Matrix) -> None:
    project = matrix.project
    write(project, f"{PACKAGE}/defs/reports/extra.py", ASSET.format(name="yearly_report"))
    before = matrix.findings()
    yaml = project / PACKAGE / "defs" / "reports" / "defs.yaml"
    yaml.write_text("type: my_existing_project.components.StaticAssets\n")
    after = matrix.findings()
    assert "DGD304" not in codes(before, f"{PACKAGE}/defs/reports/extra.py")
    assert "DGD304" in codes(after, f"{PACKAGE}/defs/reports/extra.py"), after
    yaml.unlink()
    assert matrix.findings() == before


def test_the_index_answers_an_unchanged_file(matrix: Matrix) -> None:
    """The control for the index variant: with every file older than its racy window, each
    second editor run is answered from the index (no map built), with the same lines."""
    matrix.findings()
    assert matrix.index_hits == sum(1 for name in EDITOR_FILES if (matrix.project / name).exists())
    assert matrix.index_hits > 0
    before = matrix.index_hits
    duplicate_in_place(matrix.project)  # an edit of another file: old answers do not hold
    lines = matrix.run("index")
    assert any("DGD401" in line for line in lines)
    assert matrix.index_hits == 2 * before


def test_the_variants_can_disagree(matrix: Matrix) -> None:
    """The control: a run that differs from another is seen as different (the matrix
    compares real output, not nothing with nothing)."""
    plain = matrix.run("no-cache")
    pinned = flake8(matrix.project, "--dg-no-cache", f"--dg-defs-module={PACKAGE}.elt", ".")
    assert plain[: len(pinned)] != pinned
    assert any(": DGD101 " in line for line in plain)
