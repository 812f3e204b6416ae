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
    import flake8_dgdefs.migrate.command as migrate_module

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


LATE_LOADER_AFTER = """\
from pathlib import Path

import dagster as dg

from bakery import reporting, stock
from bakery.forecasts import demand

# Prefixed copies: demand imports raw_orders, copied here as forecast/raw_orders.
forecast_assets = dg.load_assets_from_modules([demand], key_prefix="forecast")

defs = dg.Definitions.merge(
    dg.Definitions(
        assets=[
            *dg.map_asset_specs(
                lambda spec: spec.replace_attributes(group_name="sales"),
                [reporting.daily_sales, reporting.weekly_sales],
            ),
            *forecast_assets,
            *dg.load_assets_from_modules([stock]),
        ],
    ),
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
)
"""


def test_a_hand_loader_that_stays_names_only_its_own_assets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`load_assets_from_modules([orders, reporting], group_name="sales")` with orders
    moving: reporting imports order_lines, the call would copy it next to the autoloaded
    original. It becomes reporting's own assets with the group applied as the loader did;
    the prefixed call (its copies take new keys) and the module import stay as they are."""
    project = copy(tmp_path, "migrate/late_loader")
    before = tree(project)
    code, out, err = migrate(capsys, str(project), "--module", "bakery.orders")
    assert (code, err) == (0, "")
    assert tree(project) == before
    plan = out.split("--- a/bakery/reporting.py\n")[0]
    assert plan == (
        "Moves:\n"
        "  bakery/orders.py -> bakery/defs/orders.py\n"
        "    not autoloaded today: asset 'raw_orders', asset 'order_lines', job 'orders_job'\n"
        "--- a/bakery/definitions.py\n"
        "+++ b/bakery/definitions.py\n"
        "@@ -2,7 +2,7 @@\n"
        " \n"
        " import dagster as dg\n"
        " \n"
        "-from bakery import orders, reporting, stock\n"
        "+from bakery import reporting, stock\n"
        " from bakery.forecasts import demand\n"
        " \n"
        " # Prefixed copies: demand imports raw_orders, copied here as forecast/raw_orders.\n"
        "@@ -11,11 +11,13 @@\n"
        " defs = dg.Definitions.merge(\n"
        "     dg.Definitions(\n"
        "         assets=[\n"
        '-            *dg.load_assets_from_modules([orders, reporting], group_name="sales"),\n'
        "+            *dg.map_asset_specs(\n"
        '+                lambda spec: spec.replace_attributes(group_name="sales"),\n'
        "+                [reporting.daily_sales, reporting.weekly_sales],\n"
        "+            ),\n"
        "             *forecast_assets,\n"
        "             *dg.load_assets_from_modules([stock]),\n"
        "         ],\n"
        "-        jobs=[orders.orders_job],\n"
        "     ),\n"
        "     dg.load_from_defs_folder(path_within_project=Path(__file__).parent),\n"
        " )\n"
    )
    assert out.endswith(
        "Checked on a scratch copy: the same definitions load (8 assets, 1 jobs).\n"
        "Dry run: nothing was changed; run again with --apply to do it.\n"
    )
    code, out, err = migrate(capsys, str(project), "--module", "bakery.orders", "--apply")
    assert (code, err) == (0, "")
    assert out.endswith(
        "Applied and verified: 1 moved, same definitions load (8 assets, 1 jobs).\n"
    )
    package = project / "bakery"
    assert (package / "definitions.py").read_text() == LATE_LOADER_AFTER
    source = TESTDATA / "migrate/late_loader/bakery"
    for name, old, new in [
        ("reporting.py", "from bakery.orders import", "from bakery.defs.orders import"),
        ("stock.py", "from bakery import orders", "from bakery.defs import orders"),
        ("forecasts/demand.py", "from bakery.orders import", "from bakery.defs.orders import"),
    ]:
        assert (package / name).read_text() == (source / name).read_text().replace(old, new)
    assert (package / "defs" / "orders.py").read_bytes() == (source / "orders.py").read_bytes()
    assert set(tree(project)) == {
        p.replace("bakery/orders.py", "bakery/defs/orders.py") for p in before
    }
    settled = tree(project)
    code, out, err = migrate(capsys, str(project), "--module", "bakery.orders", "--apply")
    assert (code, out) == (0, "Nothing to migrate.\n")
    assert err == "flake8-dgdefs: note: bakery.orders is already bakery.defs.orders\n"
    assert tree(project) == settled


def test_without_a_group_the_call_becomes_the_objects_themselves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy(tmp_path, "migrate/late_loader_plain")
    code, out, err = migrate(capsys, str(project), "--module", "shop.orders", "--apply")
    assert (code, err) == (0, "")
    assert out.endswith("Applied and verified: 1 moved, same definitions load (5 assets).\n")
    assert (project / "shop" / "definitions.py").read_text() == (
        "from pathlib import Path\n\n"
        "import dagster as dg\n\n"
        "from shop import late\n\n"
        "defs = dg.Definitions.merge(\n"
        "    dg.load_from_defs_folder(path_within_project=Path(__file__).parent),\n"
        "    dg.Definitions(\n"
        '        assets=[late.late_deliveries, late.refunds_due, dg.AssetSpec("refunds")],\n'
        "    ),\n"
        ")\n"
    )
    code, out, _ = migrate(capsys, str(project), "--module", "shop.orders")
    assert (code, out) == (0, "Nothing to migrate.\n")


def _late_guide(tmp_path: Path, late: str, call: str) -> Path:
    """guide_before with a module `late` that stays, loaded in the elt call."""
    project = copy(tmp_path, "guide_before")
    package = project / "my_existing_project"
    (package / "late.py").write_text(late)
    definitions = package / "definitions.py"
    definitions.write_text(
        definitions.read_text()
        .replace(
            "import dagster as dg\n",
            "import dagster as dg\nfrom my_existing_project import late\n",
        )
        .replace("[elt_assets, analytics_assets])", call)
    )
    return project


LATE = "@dg.asset(deps=[customers_table])\ndef late_asset() -> None: ...\n"


def test_a_hand_loader_that_copies_moved_code_is_rewritten_in_the_guide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _late_guide(
        tmp_path,
        "import dagster as dg\n\nfrom my_existing_project.elt.assets import customers_table\n"
        "\n\n" + LATE,
        "[elt_assets, analytics_assets, late])",
    )
    code, out, err = migrate(capsys, str(project), "--module", "my_existing_project.elt", "--apply")
    assert (code, err) == (0, "")
    assert "same definitions load (5 assets, 2 jobs, 2 schedules)" in out
    text = (project / "my_existing_project" / "definitions.py").read_text()
    assert (
        "        assets=[*dg.load_assets_from_modules([analytics_assets]), late.late_asset],\n"
        in text
    )


@pytest.mark.parametrize(
    "late, call, reason",
    [
        (
            "import dagster as dg\n\nfrom my_existing_project.elt.assets import *\n\n\n" + LATE,
            "[elt_assets, analytics_assets, late])",
            "customers_table, orders_table, products_table, which my_existing_project.late"
            " imports from my_existing_project.elt.assets, next to the autoloaded original"
            " (Duplicate asset key); not rewritten: my_existing_project.late star-imports"
            " my_existing_project.elt.assets: what it holds is not known name by name",
        ),
        (
            "import dagster as dg\n\n"
            "from my_existing_project.elt.assets import customers_table\n\n\n" + LATE,
            "[elt_assets, analytics_assets, late], include_specs=True)",
            "customers_table, which my_existing_project.late imports from"
            " my_existing_project.elt.assets, next to the autoloaded original (Duplicate asset"
            " key); not rewritten: its argument include_specs is not kept by the rewrite",
        ),
        (
            "import dagster as dg\n\n"
            "from my_existing_project.elt.assets import customers_table\n\n"
            'feed = dg.SourceAsset("feed")\n\n\n' + LATE,
            '[elt_assets, analytics_assets, late], group_name="daily")',
            "customers_table, which my_existing_project.late imports from"
            " my_existing_project.elt.assets, next to the autoloaded original (Duplicate asset"
            " key); not rewritten: my_existing_project.late.feed is a source asset: group_name"
            " cannot be applied to it by map_asset_specs",
        ),
    ],
)
def test_a_hand_loader_that_cannot_be_rewritten_is_refused(
    late: str, call: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _late_guide(tmp_path, late, call)
    before, dirs = tree(project), folders(project)
    for apply in ([], ["--apply"]):
        code, out, err = migrate(
            capsys, str(project), "--module", "my_existing_project.elt", *apply
        )
        assert (code, out) == (1, "")
        extra = ", ..." if "," in call.split("]")[1] else ""
        assert err == (
            "flake8-dgdefs: migrate refused: my_existing_project/definitions.py:"
            " load_assets_from_modules([analytics_assets, late]" + extra + ") (line 16)"
            " would copy " + reason + "\n"
        )
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


def test_a_mixed_copying_call_keeps_loading_its_other_modules() -> None:
    """Modules of the call that import nothing moved stay in it; `map_asset_specs` is
    imported when the file calls the loaders by their bare names."""
    from flake8_dgdefs.migrate.plan import Held, Holding, Move, Renames
    from flake8_dgdefs.migrate.rewrite import FileContext, rewrite

    renames = Renames((Move("app.orders", "app.defs.orders", False, "", ""),))
    modules = frozenset({"app", "app.orders", "app.late", "app.other", "app.definitions"})
    raw = Held("raw", "app.orders", "asset", "asset", False, ("app.orders", 4, 0))
    holdings = {
        "app.orders": Holding("app.orders", (raw,), ()),
        "app.late": Holding(
            "app.late",
            (raw, Held("summary", "app.late", "asset", "asset", False, ("app.late", 8, 0))),
            (),
        ),
        "app.other": Holding(
            "app.other", (Held("x", "app.other", "asset", "asset", False, ("app.other", 3, 0)),), ()
        ),
    }
    context = FileContext("app.definitions", False, "app.definitions", True, modules, holdings)
    source = (
        "from dagster import Definitions, load_assets_from_modules\n"
        "from app import late, orders, other\n"
        "defs = Definitions(assets=load_assets_from_modules([orders, late, other], group_name=G))\n"
    )
    assert rewrite(source, context, renames) == (
        "from dagster import map_asset_specs, Definitions, load_assets_from_modules\n"
        "from app import late, other\n"
        "defs = Definitions(assets=[\n"
        "    *load_assets_from_modules([other], group_name=G),\n"
        "    *map_asset_specs(lambda spec: spec.replace_attributes(group_name=G),"
        " [late.summary]),\n"
        "])\n"
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
    "name, args",
    [
        ("guide_before", []),
        ("migrate/relative_imports", []),
        ("migrate/definitions_function", []),
        ("migrate/late_loader", ["--module", "bakery.orders"]),
        ("migrate/late_loader_plain", ["--module", "shop.orders"]),
    ],
)
def test_dagster_loads_the_same_rows_after_apply(
    name: str, args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy(tmp_path, name)
    before = dg_list(project)
    assert before is not None
    code, _, err = migrate(capsys, str(project), *args, "--apply")
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
