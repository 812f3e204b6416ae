"""The package fits its ecosystem: typed for users (mypy --strict), a command line that
answers bad input with the right usage, messages that name what the discovery accepts."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flake8_dgdefs.layout import PROJECT_MARKERS, SETTINGS_FILES
from tests.helpers import ROOT


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flake8_dgdefs", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
    )


def test_list_with_an_unknown_option_prints_the_usage_of_list(tmp_path: Path) -> None:
    result = run_cli("list", "--bogus", cwd=tmp_path)
    lines = result.stderr.splitlines()
    assert (result.returncode, result.stdout) == (2, "")
    assert lines[0].startswith("usage: flake8-dgdefs list [-h] [--json]"), lines
    assert lines[-1] == "flake8-dgdefs list: error: unrecognized arguments: --bogus"


def test_an_unknown_option_without_a_command_prints_the_program_usage(tmp_path: Path) -> None:
    result = run_cli("--bogus", cwd=tmp_path)
    lines = result.stderr.splitlines()
    assert result.returncode == 2
    assert lines[0].startswith("usage: flake8-dgdefs [-h] [--version] COMMAND"), lines
    assert lines[-1] == "flake8-dgdefs: error: unrecognized arguments: --bogus"


def test_no_project_names_every_marker_the_discovery_accepts(tmp_path: Path) -> None:
    """A folder with none of the markers above it: the message lists all of them, and
    each of them alone, beside a package, is a project."""
    assert not [
        p for p in tmp_path.parents
        for m in (*SETTINGS_FILES, *PROJECT_MARKERS) if (p / m).exists()
    ]
    result = run_cli("list", ".", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "flake8-dgdefs: .: no Dagster project found (no dg.toml, pyproject.toml, setup.py,"
        " setup.cfg or .git beside a Python package, in this folder or above it)"
    ]
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    for marker in (*SETTINGS_FILES, *PROJECT_MARKERS):
        if marker == "dg.toml":
            (tmp_path / marker).write_text('[project]\nroot_module = "pkg"\n')
        else:
            (tmp_path / marker).write_text("")
        try:
            found = run_cli("list", ".", cwd=tmp_path)
        finally:
            (tmp_path / marker).unlink()
        assert "no Dagster project found" not in found.stderr, (marker, found.stderr)


def test_the_package_says_it_is_typed() -> None:
    """PEP 561: the marker file ships inside the package (MANIFEST.in and package_data)."""
    assert (ROOT / "flake8_dgdefs" / "py.typed").is_file()
    setup_cfg = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert "[options.package_data]\nflake8_dgdefs = py.typed\n" in setup_cfg


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_mypy_strict_is_clean() -> None:
    """`mypy` with the strict settings of setup.cfg's [mypy], on the whole package."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", os.devnull],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
