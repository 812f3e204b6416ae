"""Oracle for the configuration errors (DGD001-DGD003): the real `dg list defs` refuses each
configuration the plugin reports, and loads the near miss the plugin stays quiet on.

DGD002 is about the plugin's own options (`--dg-root-module`, `--dg-defs-module`), which
win over the project's settings: the oracle writes the option's value into the settings,
and `dg` must refuse that project too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import TESTDATA, run_flake8

DG = Path(sys.executable).with_name("dg")
SHIMS = Path(__file__).resolve().parent / "oracle" / "shims"
BAD = TESTDATA / "bad_input"
SKIPPED = "; Dagster checks skipped for this project"
GOOD_SETTINGS = (
    '[project]\nname = "cfg-project"\n\n[tool.dg]\ndirectory_type = "project"\n\n'
    '[tool.dg.project]\nroot_module = "cfg_project"\n'
)

#: The code location every copy gets, so that only its settings can stop dg.
DEFINITIONS = (
    "from pathlib import Path\n\nimport dagster as dg\n\n"
    "defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)\n"
)


@dataclass(frozen=True)
class Case:
    folder: str  # under testdata/bad_input
    line: str  # the one DGD line flake8 prints for `flake8 cfg_project`, "" for no DGD00x
    options: tuple[str, ...] = ()
    settings: str | None = None  # pyproject.toml written into the copy
    dg_settings: str | None = None  # what dg is given instead (DGD002: the option's value)
    dg_error: str = ""  # what dg's error names (the near miss: "" as dg loads it)


def _missing(key: str, module: str) -> str:
    base = module.replace(".", "/")
    return f"{key} {module!r} is not a package of the project (no {base}/ or {base}.py)"


CASES = {
    "not_toml": Case(
        "config_not_toml",
        "cfg_project/__init__.py:1:1: DGD001 pyproject.toml: not valid TOML (",
        dg_error="Unexpected character",
    ),
    "wrong_types": Case(
        "config_wrong_types",
        "cfg_project/__init__.py:1:1: DGD001 pyproject.toml: root_module must be a dotted"
        f" module name, not 3{SKIPPED}",
        dg_error="Invalid value for `tool.dg.project.root_module`",
    ),
    "missing_defs": Case(
        "config_missing_defs",
        "cfg_project/__init__.py:1:1: DGD003 pyproject.toml: "
        + _missing("defs_module", "cfg_project.no_such_defs")
        + SKIPPED,
        dg_error="cfg_project.no_such_defs",
    ),
    "missing_root": Case(
        "config_wrong_types",
        "cfg_project/__init__.py:1:1: DGD003 pyproject.toml: "
        + _missing("root_module", "cfg_projekt")
        + SKIPPED,
        settings=GOOD_SETTINGS.replace('"cfg_project"', '"cfg_projekt"'),
        dg_error="cfg_projekt",
    ),
    "option_defs": Case(
        "config_wrong_types",
        "cfg_project/__init__.py:1:1: DGD002 --dg-defs-module: "
        + _missing("defs_module", "cfg_project.defz")
        + SKIPPED,
        options=("--dg-defs-module=cfg_project.defz",),
        settings=GOOD_SETTINGS,
        dg_settings=GOOD_SETTINGS + 'defs_module = "cfg_project.defz"\n',
        dg_error="cfg_project.defz",
    ),
    "option_root": Case(
        "config_wrong_types",
        "cfg_project/__init__.py:1:1: DGD002 --dg-root-module: "
        + _missing("root_module", "nope")
        + SKIPPED,
        options=("--dg-root-module=nope",),
        settings=GOOD_SETTINGS,
        dg_settings=GOOD_SETTINGS.replace('"cfg_project"', '"nope"'),
        dg_error="nope",
    ),
    "near_miss": Case("config_wrong_types", "", settings=GOOD_SETTINGS),
}


def _copy(tmp_path: Path, case: Case) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BAD / case.folder, root, ignore=shutil.ignore_patterns("__pycache__"))
    if case.settings is not None:
        (root / "pyproject.toml").write_text(case.settings, encoding="utf-8")
    (root / "cfg_project" / "definitions.py").write_text(DEFINITIONS, encoding="utf-8")
    return root


def _dg_loads(root: Path) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=os.pathsep.join([str(root), str(SHIMS)]),
        DAGSTER_DISABLE_TELEMETRY="1",
        DAGSTER_HOME="",
    )
    return subprocess.run(
        [str(DG), "list", "defs", "--json"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False,
    )


@pytest.mark.skipif(not DG.exists(), reason="dg (dagster-dg-cli, in the test extra) is missing")
@pytest.mark.parametrize("name", sorted(CASES))
def test_dg_refuses_what_the_plugin_reports(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    root = _copy(tmp_path, case)
    result = run_flake8("--jobs=1", *case.options, "cfg_project", cwd=root)
    assert "Traceback" not in result.stderr and result.stderr == "", result.stderr
    lines = result.stdout.splitlines()
    if case.line:
        assert result.returncode == 1, result.stdout
        assert len(lines) == 1 and lines[0].startswith(case.line), lines
        assert lines[0].endswith(SKIPPED), lines
    else:  # the project's other lines (a DGD101 for its legacy asset), none of DGD00x
        assert lines and [line for line in lines if ": DGD00" in line] == [], lines
    if case.dg_settings is not None:
        (root / "pyproject.toml").write_text(case.dg_settings, encoding="utf-8")
    loaded = _dg_loads(root)
    if case.line:
        assert loaded.returncode != 0, loaded.stdout
        assert case.dg_error in loaded.stderr, loaded.stderr
    else:
        assert loaded.returncode == 0, loaded.stderr
