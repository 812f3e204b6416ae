"""`flake8-dgdefs migrate`: the plan, the rewrites, --apply, its verification and its undo.

Every test works on a copy (tmp_path) of a testdata project; the oracle tests load the copy
with the real Dagster (`dg list defs --json`) before and after `--apply`.
"""

from __future__ import annotations

import ast
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flake8_dgdefs import cli
from flake8_dgdefs.migrate import files as migrate_files
from tests.helpers import TESTDATA
from tests.test_list_oracle import DG, dg_list

pytest.importorskip("libcst")

IGNORED = shutil.ignore_patterns(".dgdefs_cache", "__pycache__")


def copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / Path(name).name
    shutil.copytree(TESTDATA / name, target, ignore=IGNORED)
    return target


def tree(root: Path) -> dict[str, str]:
    """Every file below root (caches left out) -> the sha256 of its bytes."""
    found = {}
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [s for s in subfolders if s not in ("__pycache__", ".dgdefs_cache", ".git")]
        for name in files:
            path = Path(folder) / name
            found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def folders(root: Path) -> set[str]:
    return {
        Path(folder).relative_to(root).as_posix()
        for folder, subfolders, _ in os.walk(root)
        if "__pycache__" not in folder and ".git" not in folder
    }


def migrate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["migrate", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def normalized(source: str) -> str:
    """The module's AST with its top-level imports sorted: the guide orders them by hand."""
    module = ast.parse(source)
    imports = [n for n in module.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    rest = [n for n in module.body if not isinstance(n, (ast.Import, ast.ImportFrom))]
    return "\n".join(sorted(ast.dump(n) for n in imports) + [ast.dump(n) for n in rest])


# -- the plan ---------------------------------------------------------------------------------
def test_dry_run_prints_the_plan_and_changes_no_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy(tmp_path, "guide_before")
    before = tree(project)
    code, out, _ = migrate(capsys, str(project), "--module", "my_existing_project.elt")
    assert code == 0
    assert "  my_existing_project/elt/ -> my_existing_project/defs/elt/\n" in out
    assert "--- a/my_existing_project/definitions.py\n" in out
    assert "-from my_existing_project.elt import assets as elt_assets\n" in out
    assert "+        assets=dg.load_assets_from_modules([analytics_assets]),\n" in out
    assert "Dry run" in out
    assert tree(project) == before


def test_dry_run_of_every_move_changes_no_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("guide_before", "migrate/relative_imports", "migrate/definitions_function"):
        project = copy(tmp_path, name)
        before, dirs = tree(project), folders(project)
        code, out, _ = migrate(capsys, str(project))
        assert code == 0 and "Moves:" in out, name
        assert tree(project) == before and folders(project) == dirs, name


# -- the guide --------------------------------------------------------------------------------
def test_moving_elt_gives_the_guides_second_stage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy(tmp_path, "guide_before")
    code, out, err = migrate(capsys, str(project), "--module", "my_existing_project.elt", "--apply")
    assert code == 0, err
    assert "Applied and verified" in out
    expected = TESTDATA / "guide_elt_moved"
    got, want = tree(project), tree(expected)
    assert set(got) == set(want)
    target = "my_existing_project/definitions.py"
    assert {p: h for p, h in got.items() if p != target} == {
        p: h for p, h in want.items() if p != target
    }
    assert normalized((project / target).read_text()) == normalized(
        (expected / target).read_text()
    )
    assert not (project / "my_existing_project" / "elt").exists()


def test_full_migration_gives_the_guides_final_form_and_a_second_run_does_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy(tmp_path, "guide_before")
    code, _, err = migrate(capsys, str(project), "--apply")
    assert code == 0, err
    assert tree(project) == tree(TESTDATA / "guide_after")  # byte for byte
    settled = tree(project)
    code, out, _ = migrate(capsys, str(project), "--apply")
    assert (code, out) == (0, "Nothing to migrate.\n")
    code, out, err = migrate(capsys, str(project), "--module", "my_existing_project.elt")
    assert (code, out) == (0, "Nothing to migrate.\n")
    assert "already my_existing_project.defs.elt" in err
    assert tree(project) == settled


def test_step_by_step_ends_where_the_whole_run_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy(tmp_path, "guide_before")
    for module in ("my_existing_project.elt", "my_existing_project.analytics"):
        code, _, err = migrate(capsys, str(project), "--module", module, "--apply")
        assert code == 0, err
    assert tree(project) == tree(TESTDATA / "guide_after")


# -- the undo ---------------------------------------------------------------------------------
def test_a_failure_half_way_restores_every_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy(tmp_path, "migrate/relative_imports")
    before, dirs = tree(project), folders(project)
    real = migrate_files.write_atomic
    calls = []

    def failing(path: str, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:  # after the moves and two rewritten files
            raise OSError("disk full (injected)")
        real(path, data)

    monkeypatch.setattr(migrate_files, "write_atomic", failing)
    code, _, err = migrate(capsys, str(project), "--apply")
    assert code == 1
    assert "disk full (injected)" in err and "everything restored" in err
    assert "RESTORE PROBLEM" not in err
    assert len(calls) > 3  # the restore wrote the two files back
    assert tree(project) == before
    assert folders(project) == dirs


def test_a_verification_difference_restores_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import flake8_dgdefs.migrate as migrate_module

    project = copy(tmp_path, "guide_before")
    before = tree(project)
    real = migrate_module._loaded

    def losing(*args: Any, **kwargs: Any) -> dict[str, list[str]]:
        found = real(*args, **kwargs)
        if not kwargs.get("rename", True):  # the load after the change lost an asset
            found["assets"] = found["assets"][1:]
        return found

    monkeypatch.setattr(migrate_module, "_loaded", losing)
    code, _, err = migrate(capsys, str(project), "--apply")
    assert code == 1
    assert "assets: lost" in err and "customers_table" in err
    assert tree(project) == before


def test_a_hand_loader_that_would_copy_moved_code_is_refused_and_restored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`load_assets_from_modules([late])` copies the asset `late` imports from elt: after
    the move it collides with the autoloaded original. Not rewritten: refused."""
    project = copy(tmp_path, "guide_before")
    package = project / "my_existing_project"
    (package / "late.py").write_text(
        "import dagster as dg\n\n"
        "from my_existing_project.elt.assets import customers_table\n\n\n"
        "@dg.asset(deps=[customers_table])\ndef late_asset() -> None: ...\n"
    )
    definitions = package / "definitions.py"
    definitions.write_text(
        definitions.read_text()
        .replace(
            "import dagster as dg\n",
            "import dagster as dg\nfrom my_existing_project import late\n",
        )
        .replace("[elt_assets, analytics_assets]", "[elt_assets, analytics_assets, late]")
    )
    before, dirs = tree(project), folders(project)
    code, out, err = migrate(capsys, str(project), "--module", "my_existing_project.elt")
    assert code == 1 and "Dry run" not in out
    assert "on a scratch copy, the plan fails" in err and "'customers_table'" in err
    assert tree(project) == before and folders(project) == dirs
    code, _, err = migrate(capsys, str(project), "--module", "my_existing_project.elt", "--apply")
    assert code == 1
    assert "duplicate asset key 'customers_table'" in err and "everything restored" in err
    assert tree(project) == before and folders(project) == dirs


def test_in_a_git_work_tree_the_moves_are_git_renames(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if shutil.which("git") is None:
        pytest.skip("no git")
    project = copy(tmp_path, "guide_before")
    git = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "before"]):
        subprocess.run([*git, *command], cwd=project, check=True, capture_output=True)
    code, _, err = migrate(capsys, str(project), "--module", "my_existing_project.elt", "--apply")
    assert code == 0, err
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True, check=True
    ).stdout
    assert "R  my_existing_project/elt/jobs.py -> my_existing_project/defs/elt/jobs.py" in status


# -- the rewrites -----------------------------------------------------------------------------
def test_relative_and_absolute_imports_in_and_into_moved_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy(tmp_path, "migrate/relative_imports")
    code, out, err = migrate(capsys, str(project), "--apply")
    assert code == 0, err
    assert "warning: README.md:6: mentions shipping.pipelines, not rewritten" in out
    package = project / "shipping"
    assert not (package / "pipelines").exists() and not (package / "reports.py").exists()
    assert (package / "defs" / "pipelines" / "settings.py").is_file()  # moved whole
    ingest = (package / "defs" / "pipelines" / "ingest.py").read_text()
    assert "from ...helpers import table_name  # one level deeper after the move\n" in ingest
    assert "from . import settings\nfrom .settings import BATCH_SIZE\n" in ingest
    reports = (package / "defs" / "reports.py").read_text()
    assert "from ..helpers import PREFIX\nfrom .pipelines.ingest import clean_shipments\n" in (
        reports
    )
    cli_text = (package / "cli.py").read_text()
    assert "import shipping.defs.pipelines.ingest\n" in cli_text
    assert "from .defs import reports as report_module\n" in cli_text
    assert "from .defs.pipelines.settings import BATCH_SIZE\n" in cli_text
    assert "shipping.defs.pipelines.ingest.raw_shipments)" in cli_text
    test_text = (project / "tests" / "test_shipping.py").read_text()
    assert "import shipping.defs.reports\n" in test_text
    assert "from shipping.defs.pipelines import ingest\n" in test_text
    assert "shipping.defs.reports.shipment_report" in test_text
    definitions = (package / "definitions.py").read_text()
    assert "defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)\n" in (
        definitions
    )
    assert "pipelines" not in definitions and "reports" not in definitions
    # Every module, and the test module, imports from the new places.
    script = (
        "import importlib, pkgutil, sys; sys.path[:0] = [sys.argv[1], sys.argv[1] + '/tests'];"
        "import shipping;"
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages("
        "shipping.__path__, 'shipping.')];"
        "import test_shipping; test_shipping.test_imports()"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(project)],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1", DAGSTER_HOME=""),
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_a_from_import_whose_names_part_ways_is_split() -> None:
    from flake8_dgdefs.migrate.plan import Move, Renames
    from flake8_dgdefs.migrate.rewrite import FileContext, rewrite

    renames = Renames((Move("app.elt", "app.defs.elt", True, "app/elt", "app/defs/elt"),))
    modules = frozenset({"app", "app.elt", "app.elt.jobs", "app.util", "app.defs", "app.tool"})
    context = FileContext("app.tool", False, "app.tool", False, modules)
    source = (
        "# keep me\n"
        "from app import elt, util  # both\n"
        "from . import (\n    elt as e,\n    util as u,\n)\n"
        "import app.elt.jobs as j\n"
        "x = (elt, util, e, u, j)\n"
    )
    assert rewrite(source, context, renames) == (
        "# keep me\n"
        "from app.defs import elt\n"
        "from app import util  # both\n"
        "from .defs import elt as e\n"
        "from . import util as u\n"
        "import app.defs.elt.jobs as j\n"
        "x = (elt, util, e, u, j)\n"
    )


def test_a_definitions_merge_keeps_what_stays_by_hand() -> None:
    from flake8_dgdefs.migrate.plan import Move, Renames
    from flake8_dgdefs.migrate.rewrite import FileContext, rewrite

    renames = Renames((Move("app.elt", "app.defs.elt", True, "app/elt", "app/defs/elt"),))
    modules = frozenset({"app", "app.elt", "app.elt.jobs", "app.defs", "app.definitions"})
    context = FileContext("app.definitions", False, "app.definitions", True, modules)
    source = (
        "import dagster as dg\n"
        "# the jobs\n"
        "from app.elt.jobs import a_job\n"
        "from app.other import b_job, resource\n"
        "defs = dg.Definitions.merge(\n"
        "    dg.Definitions(jobs=[a_job, b_job], resources={'r': resource}),\n"
        "    dg.load_from_defs_folder(project_root=None),\n"
        ")\n"
    )
    assert rewrite(source, context, renames) == (
        "import dagster as dg\n"
        "# the jobs\n"
        "from app.other import b_job, resource\n"
        "defs = dg.Definitions.merge(\n"
        "    dg.Definitions(jobs=[b_job], resources={'r': resource}),\n"
        "    dg.load_from_defs_folder(project_root=None),\n"
        ")\n"
    )


# -- refusals and bad input -------------------------------------------------------------------
def test_refusals_and_bad_input_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy(tmp_path, "guide_before")
    before = tree(project)
    code, _, err = migrate(capsys, str(project), "--module", "my_existing_project.nope")
    assert code == 2 and err.count("\n") == 1 and "not a module of the project" in err
    code, _, err = migrate(capsys, str(project), "--module", "not a name")
    assert code == 2 and err.count("\n") == 1
    code, _, err = migrate(capsys, str(project), "--module", "my_existing_project.elt.assets")
    assert code == 1 and "--module my_existing_project.elt" in err
    code, _, err = migrate(capsys, str(tmp_path / "missing"))
    assert code == 2 and err.count("\n") == 1
    (project / "my_existing_project" / "defs" / "elt").mkdir()
    before = tree(project)
    code, _, err = migrate(capsys, str(project), "--apply")
    assert code == 1 and "my_existing_project/defs/elt exists already" in err
    assert tree(project) == before


def test_a_code_location_without_the_autoloader_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy(tmp_path, "guide_before")
    definitions = project / "my_existing_project" / "definitions.py"
    definitions.write_text(
        definitions.read_text().replace(
            "    dg_components.load_defs(my_existing_project.defs),\n", ""
        )
    )
    before = tree(project)
    code, _, err = migrate(capsys, str(project), "--apply")
    assert code == 1 and "never calls load_from_defs_folder" in err
    assert tree(project) == before


def test_without_libcst_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy(tmp_path, "guide_before")
    monkeypatch.setitem(sys.modules, "libcst", None)
    monkeypatch.delitem(sys.modules, "flake8_dgdefs.migrate.rewrite", raising=False)
    code, out, err = migrate(capsys, str(project), "--apply")
    assert code == 2 and out == ""
    assert err == (
        "flake8-dgdefs: migrate needs libcst: pip install 'flake8-dgdefs[migrate]'"
        " (or libcst>=1.1)\n"
    )


# -- the oracle -------------------------------------------------------------------------------
@pytest.mark.skipif(not DG.exists(), reason="dg is not installed (pip install -e '.[test]')")
@pytest.mark.parametrize(
    "name", ["guide_before", "migrate/relative_imports", "migrate/definitions_function"]
)
def test_dagster_loads_the_same_rows_after_apply(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy(tmp_path, name)
    before = dg_list(project)
    assert before is not None
    code, _, err = migrate(capsys, str(project), "--apply")
    assert code == 0, err
    after = dg_list(project)
    assert after is not None, "Dagster cannot load the migrated project"
    assert _rows(after) == _rows(before)
    assert sum(len(rows) for rows in _rows(before).values()) >= 4


def _rows(data: dict[str, Any]) -> dict[str, list[str]]:
    return {
        section: sorted(
            repr(sorted((k, repr(v)) for k, v in row.items() if k != "source")) for row in rows
        )
        for section, rows in data.items()
        if isinstance(rows, list)
    }


def test_readme_plan_is_what_the_command_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = TESTDATA.parent
    command = "$ flake8-dgdefs migrate testdata/guide_before --module my_existing_project.elt\n"
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "\n## Migrating\n" in readme
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    monkeypatch.chdir(root)
    before = tree(TESTDATA / "guide_before")
    code, out, _ = migrate(capsys, "testdata/guide_before", "--module", "my_existing_project.elt")
    assert code == 0 and out == shown
    assert tree(TESTDATA / "guide_before") == before


def test_the_code_location_rewrite_is_the_same_every_time() -> None:
    """Regression: emptied calls were once remembered by id() alone, and a node made later
    at a freed address was dropped too (the autoloader call, now and then)."""
    from flake8_dgdefs.migrate.plan import Move, Renames
    from flake8_dgdefs.migrate.rewrite import FileContext, rewrite

    renames = Renames(
        (
            Move("shipping.pipelines", "shipping.defs.pipelines", True, "", ""),
            Move("shipping.reports", "shipping.defs.reports", False, "", ""),
        )
    )
    modules = frozenset(
        {"shipping", "shipping.definitions", "shipping.reports", "shipping.pipelines",
         "shipping.pipelines.ingest", "shipping.pipelines.schedules"}
    )
    context = FileContext("shipping.definitions", False, "shipping.definitions", True, modules)
    source = (TESTDATA / "migrate/relative_imports/shipping/definitions.py").read_text()
    results = {rewrite(source, context, renames) for _ in range(60)}
    assert results == {
        "from pathlib import Path\n\nimport dagster as dg\n\n"
        "defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)\n"
    }
