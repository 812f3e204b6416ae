"""The project lints itself clean with flake8 and its own plugin, under the repo's config."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers import ROOT


def test_the_package_and_tests_are_flake8_clean() -> None:
    folders = [name for name in ("flake8_dgdefs", "tests", "benchmarks") if (ROOT / name).is_dir()]
    result = subprocess.run(
        [sys.executable, "-m", "flake8", *folders],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
