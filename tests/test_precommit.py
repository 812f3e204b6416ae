"""Both pre-commit hooks of .pre-commit-hooks.yaml, for real: `pre-commit try-repo` on this
checkout installs the package in pre-commit's own environment and runs the hooks on a git
repository made from a testdata project.

Skipped where pre-commit is not installed (it is in the test extra), where this checkout is
not a git repository (an unpacked sdist), or where pre-commit cannot install the hook's
environment (no package index).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, TESTDATA

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed"
    ),
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout (sdist)"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

SKIPPED = "; Dagster checks skipped for this project"


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the module: the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd, check=True, capture_output=True, timeout=120,
    )


def repo_of(tmp_path: Path, project: str) -> Path:
    """A git repository holding a copy of a testdata project, all committed."""
    root = tmp_path / project
    shutil.copytree(TESTDATA / project, root, ignore=shutil.ignore_patterns("__pycache__"))
    git("init", "-q", cwd=root)
    git("add", ".", cwd=root)
    git("commit", "-q", "-m", "project", cwd=root)
    return root


def try_repo(repo: Path, hook: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PYTHONDONTWRITEBYTECODE="1")
    env.pop("PRE_COMMIT", None)
    env["DGDEFS_CACHE_DIR"] = str(home / "dgdefs-cache")
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--color=never", *args],
        cwd=repo, capture_output=True, text=True, env=env, timeout=900, check=False,
    )
    output = result.stdout + result.stderr
    if "An unexpected error has occurred" in output and "install" in output.lower():
        pytest.skip(f"pre-commit cannot install the hook environment here:\n{output[-2000:]}")
    return result


def status_line(output: str, name: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith(name + ".")]
    assert len(lines) == 1, output
    return lines[0]


def test_python_hook_fails_on_dgd_errors(tmp_path: Path, pre_commit_home: Path) -> None:
    repo = repo_of(tmp_path, "guide_elt_moved")
    result = try_repo(repo, "flake8-dgdefs", pre_commit_home, "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    assert status_line(result.stdout, "flake8-dgdefs").endswith("Failed")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ flake8 --select=DGD testdata/guide_elt_moved\n"
    expected = readme.split(command, 1)[1].split("```", 1)[0].splitlines()
    found = sorted(line for line in result.stdout.splitlines() if ": DGD" in line)
    assert found == [line.removeprefix("testdata/guide_elt_moved/") for line in expected]


def test_a_settings_only_change_is_checked_by_the_config_hook(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    """A commit that changes only pyproject.toml: the Python hook has no file to check; the
    configuration hook re-checks the project and fails on the misspelled defs_module."""
    repo = repo_of(tmp_path, "guide_after")
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8") + 'defs_module = "my_existing_project.defz"\n',
        encoding="utf-8",
    )
    git("add", "pyproject.toml", cwd=repo)
    python_hook = try_repo(repo, "flake8-dgdefs", pre_commit_home)
    assert python_hook.returncode == 0, python_hook.stdout
    assert status_line(python_hook.stdout, "flake8-dgdefs").endswith(
        "(no files to check)Skipped"
    )
    config_hook = try_repo(repo, "flake8-dgdefs-config", pre_commit_home)
    assert config_hook.returncode == 1, config_hook.stdout
    assert status_line(config_hook.stdout, "flake8-dgdefs (project settings)").endswith("Failed")
    assert (
        f"flake8-dgdefs: {pyproject}: defs_module 'my_existing_project.defz' is not a package"
        " of the project (no my_existing_project/defz/ or my_existing_project/defz.py)"
    ) in config_hook.stdout.splitlines()
    # The same change, spelled right, passes.
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace(".defz", ".defs"), encoding="utf-8"
    )
    git("add", "pyproject.toml", cwd=repo)
    config_hook = try_repo(repo, "flake8-dgdefs-config", pre_commit_home)
    assert config_hook.returncode == 0, config_hook.stdout
    assert status_line(config_hook.stdout, "flake8-dgdefs (project settings)").endswith("Passed")


def test_a_component_yaml_change_runs_the_config_hook(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    repo = repo_of(tmp_path, "guide_after")
    folder = repo / "my_existing_project" / "defs" / "reports"
    folder.mkdir()
    (folder / "defs.yaml").write_text("type: my_existing_project.components.Reports\n")
    git("add", ".", cwd=repo)
    result = try_repo(repo, "flake8-dgdefs-config", pre_commit_home)
    assert status_line(result.stdout, "flake8-dgdefs (project settings)").endswith("Passed")
    python_hook = try_repo(repo, "flake8-dgdefs", pre_commit_home)
    assert status_line(python_hook.stdout, "flake8-dgdefs").endswith("Skipped")
