"""Shared test helpers: run real flake8 in a subprocess, locate testdata."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
#: Where the plugin's scan cache goes in tests (tests of the cache pass their own folder).
TEST_CACHE = Path(tempfile.gettempdir()) / "flake8-dgdefs-test-cache"
#: Copies of projects are dated this far back, so that the cache trusts their stamps.
HOUR_AGO = time.time() - 3600


def copy_dated(template: Path, root: Path, *ignored: str) -> Path:
    """A copy of a testdata project at `root`, without caches and `ignored` names, every
    file and folder dated an hour back."""
    ignore = shutil.ignore_patterns(".dgdefs_cache", "__pycache__", *ignored)
    shutil.copytree(template, root, ignore=ignore)
    for path in [root, *root.rglob("*")]:
        os.utime(path, (HOUR_AGO, HOUR_AGO))
    return root


def run_flake8(
    *args: str, cwd: Path, stdin: str | None = None, select: str = "DGD"
) -> subprocess.CompletedProcess[str]:
    """Run the installed flake8 with only DGD codes selected, no user or repo config."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.setdefault("DGDEFS_CACHE_DIR", str(TEST_CACHE))  # never a cache folder in testdata/
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", f"--select={select}", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def flake8_lines(*args: str, cwd: Path, stdin: str | None = None) -> list[str]:
    """flake8's output lines, sorted; fails the test on a traceback or an unexpected exit."""
    result = run_flake8(*args, cwd=cwd, stdin=stdin)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    return sorted(result.stdout.splitlines())
