"""`flake8-dgdefs list`: the details the scan records, the listing model, the command line."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from flake8_dgdefs.cli import main
from flake8_dgdefs.scan.details import format_docstring
from flake8_dgdefs.listing import Unresolved, build_listing, to_json
from flake8_dgdefs.model import NO_DETAILS, Details
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap
from flake8_dgdefs.scan import scan_source
from tests.test_list_oracle import RUNTIME_FIELDS

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"


def details_of(source: str, binding: str) -> dict[str, object]:
    """The details the scan records for one definition, those that are not the default."""
    scan = scan_source(textwrap.dedent(source), "pkg.defs.mod")
    (definition,) = [d for d in scan.definitions if d.binding == binding]
    return written(definition.details)


def written(details: Details) -> dict[str, object]:
    return {
        field.name: getattr(details, field.name)
        for field in dataclasses.fields(details)
        if getattr(details, field.name) != field.default
    }


def project(files: dict[str, str], loader: str = "load_from_defs_folder") -> ProjectMap:
    """An in-memory project `pkg` whose defs package is `pkg.defs`."""
    modules = []
    for path, source in files.items():
        name = path[: -len(".py")].replace("/", ".")
        is_package = name.endswith(".__init__")
        name = name[: -len(".__init__")] if is_package else name
        scan = scan_source(textwrap.dedent(source), name, is_package)
        modules.append(ModuleInfo(name, path, is_package, scan))
    return ProjectMap.build("pkg", "pkg.defs", modules)


# -- details ----------------------------------------------------------------------------------
def test_docstrings_are_formatted_as_dagster_does() -> None:
    assert format_docstring("One line.", False) == "One line."
    assert format_docstring("First.\n\n    Second.\n    ", False) == "First.\n\nSecond."
    assert format_docstring("  First.\n\n    Second.\n  ", False) == "First.\n\n  Second."
    # Python 3.13 dedents docstrings when compiling: the first line loses its indentation.
    assert format_docstring("  First.\n\n    Second.\n  ", True) == "First.\n\nSecond."


def test_asset_details_from_constants_fstrings_and_parameters() -> None:
    source = """
        import dagster as dg
        GROUP = "ingest"
        REGION = "eu"

        @dg.asset(
            group_name=GROUP,
            kinds={"python", "duck" + "db"},
            description=f"Sales in {REGION}",
            deps=["a", dg.AssetKey(["raw", "b"])],
            ins={"c": dg.AssetIn(key_prefix=[REGION])},
            owners=["team:data"],
            tags={"tier": "gold"},
        )
        def sales(context, c, d, warehouse: dg.ResourceParam[str], db: DuckDBResource): ...
    """
    assert details_of(source, "sales") == {
        "group": "ingest",
        "kinds": ("duckdb", "python"),
        "owners": ("team:data",),
        "tags": (("tier", "gold"),),
        "description": "Sales in eu",
        "deps": ("a", "d", "eu/c", "raw/b"),
        "inputs": ("d", "eu/c"),  # an input must be produced; a `deps=` key may be a stub
    }


def test_docstring_is_the_description_and_deps_may_name_imported_assets() -> None:
    source = '''
        import dagster as dg
        from pkg.defs.raw import orders

        @dg.asset(deps=[orders])
        def report():
            """Orders per day."""
    '''
    assert details_of(source, "report") == {
        "description": "Orders per day.",
        "dep_refs": ("pkg.defs.raw.orders",),
    }


def test_values_not_known_statically_are_unresolved_with_their_position() -> None:
    source = """
        import os
        import dagster as dg

        @dg.asset(group_name=os.environ["GROUP"])
        def people(): ...
    """
    assert details_of(source, "people") == {"unresolved": (("group", 5, 21),)}


def test_schedules_and_sensors_record_cron_and_job() -> None:
    source = """
        import dagster as dg
        job = dg.define_asset_job("nightly", selection="*")
        nightly = dg.ScheduleDefinition(job=job, cron_schedule=["0 1 * * *", "0 2 * * *"])

        @dg.sensor(job_name="nightly")
        def watch(context): ...
    """
    assert details_of(source, "nightly") == {
        "cron": "0 1 * * *, 0 2 * * *",
        "job": "nightly",
        "job_ref": "pkg.defs.mod.job",  # the job object, which the schedule loads
    }
    assert details_of(source, "watch") == {"job_name": "nightly"}


def test_details_are_plain_hashable_data() -> None:
    scan = scan_source(
        "import dagster as dg\n@dg.multi_asset(outs={'a': dg.AssetOut(), 'b': dg.AssetOut()})\n"
        "def m(): ...\n",
        "pkg.defs.m",
    )
    hash(scan)
    (definition,) = scan.definitions
    assert written(definition.details) == {"per_key": (("a", NO_DETAILS), ("b", NO_DETAILS))}


# -- the listing -------------------------------------------------------------------------------
def test_listing_of_an_in_memory_project() -> None:
    listing = build_listing(
        project(
            {
                "pkg/__init__.py": "",
                "pkg/defs/__init__.py": "",
                "pkg/defs/raw.py": """
                    import dagster as dg

                    @dg.asset(key_prefix="raw", group_name="ingest")
                    def orders(): ...

                    @dg.asset(key_prefix="raw", group_name="ingest")
                    def cleaned(orders): ...
                """,
                "pkg/defs/marts.py": """
                    import dagster as dg
                    from pkg.defs.raw import orders

                    @dg.asset(deps=[orders, "outside"])
                    def report(): ...

                    report_job = dg.define_asset_job("report_job", selection=[report])
                    daily = dg.ScheduleDefinition(job=report_job, cron_schedule="@daily")
                """,
            }
        )
    )
    data: Any = to_json(listing)
    assets = {a["asset_key"]: a for a in data["assets"]}
    assert sorted(assets) == ["outside", "raw/cleaned", "raw/orders", "report"]
    assert assets["raw/cleaned"]["dependency_keys"] == ["raw/orders"]  # matched in its group
    assert assets["report"]["dependency_keys"] == ["outside", "raw/orders"]
    assert assets["outside"]["is_executable"] is False and "source" not in assets["outside"]
    assert assets["raw/orders"]["source"] == "pkg/defs/raw.py:4"
    assert data["schedules"] == [
        {"name": "report_job_schedule", "cron_schedule": "@daily", "source": "pkg/defs/marts.py:9"}
    ]
    assert [j["name"] for j in data["jobs"]] == ["report_job"]
    assert listing.problems == ()


def test_modules_outside_defs_load_only_through_the_root_module() -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/defs/__init__.py": "",
        "pkg/elt.py": "import dagster as dg\n@dg.asset\ndef orders(): ...\n",
        "pkg/definitions.py": textwrap.dedent(
            """
            import dagster as dg
            import pkg.defs
            from pkg import elt

            defs = dg.Definitions.merge(
                dg.Definitions(assets=dg.load_assets_from_modules([elt])),
                dg.load_defs(pkg.defs),
            )
            """
        ),
    }
    listing = build_listing(project(files))
    assert [a.key for a in listing.assets] == ["orders"]
    assert listing.loader.hand_loaded == (("load_assets_from_modules(...)", "pkg.elt"),)
    del files["pkg/definitions.py"]
    assert build_listing(project(files)).assets == ()


def test_an_asset_loaded_twice_is_a_problem() -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/defs/__init__.py": "",
        "pkg/defs/elt.py": "import dagster as dg\n@dg.asset\ndef orders(): ...\n",
        "pkg/definitions.py": (
            "import dagster as dg\nimport pkg.defs\nfrom pkg.defs import elt\n"
            "defs = dg.Definitions.merge(dg.Definitions(assets=dg.load_assets_from_modules([elt])),"
            " dg.load_defs(pkg.defs))\n"
        ),
    }
    listing = build_listing(project(files))
    assert [a.key for a in listing.assets] == ["orders"]
    assert len(listing.problems) == 1 and "duplicate asset key 'orders'" in listing.problems[0]


# -- the command line --------------------------------------------------------------------------
def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_of_the_guide(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run("list", str(TESTDATA / "guide_after"), capsys=capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Assets",
        "  Key                 Group    Deps",
        "  ------------------  -------  ------------",
        "  customers_table     default",
        "  my_analytics_asset  default  orders_table",
        "  orders_table        default",
        "  products_table      default",
        "",
        "Jobs",
        "  Key",
        "  ------------------------",
        "  regenerate_analytics_job",
        "  sync_tables_job",
        "",
        "Schedules",
        "  Key                                Cron",
        "  ---------------------------------  ---------",
        "  regenerate_analytics_job_schedule  0 * * * *",
        "  sync_tables_job_schedule           0 0 * * *",
    ]


def test_json_has_the_shape_of_dg_list_defs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("list", "--json", str(TESTDATA / "guide_before"), capsys=capsys)
    data = json.loads(out)
    assert code == 0
    assert list(data) == ["assets", "asset_checks", "jobs", "resources", "schedules", "sensors"]
    assert data["assets"][0] == {
        "asset_key": "customers_table",
        "asset_key_parts": ["customers_table"],
        "group_name": "default",
        "kinds": [],
        "dependency_keys": [],
        "owners": [],
        "is_executable": True,
        "source": "my_existing_project/elt/assets.py:4",
    }


def test_unresolved_values_are_shown_with_their_location(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run("list", "--json", str(TESTDATA / "list" / "unresolved"), capsys=capsys)
    headcount = [a for a in json.loads(out)["assets"] if a["asset_key"] == "headcount"][0]
    assert headcount["group_name"] is None
    assert headcount["unresolved"] == [
        {"field": "group_name", "location": "unres/defs/people.py:10:21"}
    ]
    _, table, _ = run("list", str(TESTDATA / "list" / "unresolved"), capsys=capsys)
    assert "<unresolved unres/defs/people.py:10:21>" in table


def test_loader_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("list", "--loader", str(TESTDATA / "list" / "keyword_file"), capsys=capsys)
    assert code == 0
    assert "  load_defs called at legacy_kw/definitions.py:5" in out.splitlines()
    assert (
        "    skipped legacy_kw.defs.team.extra: load_defs loads only"
        " legacy_kw/defs/team/definitions.py from legacy_kw/defs/team/"
    ) in out.splitlines()
    assert "ignored_extra" not in out
    assert "    legacy_kw.defs.team.definitions: asset roster, job roster_job" in out.splitlines()


def test_check_exits_non_zero_on_dgd_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run("list", "--check", str(TESTDATA / "guide_before"), capsys=capsys)
    assert code == 1
    assert "my_existing_project/elt/assets.py:4:1: DGD101 " in err
    code, _, err = run("list", "--check", str(TESTDATA / "guide_after"), capsys=capsys)
    assert (code, err) == (0, "")


def test_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run("list", str(tmp_path / "missing"), capsys=capsys)
    assert (code, out, len(err.splitlines())) == (2, "", 1)
    code, out, err = run("list", str(tmp_path), capsys=capsys)
    assert (code, out, len(err.splitlines())) == (2, "", 1)
    (tmp_path / "pyproject.toml").write_text("[tool.dg\n")
    code, out, err = run("list", str(tmp_path), capsys=capsys)
    assert (code, out) == (2, "") and err.startswith("flake8-dgdefs: ") and "TOML" in err
    copy = tmp_path / "guide"
    shutil.copytree(TESTDATA / "guide_after", copy)
    (copy / "my_existing_project" / "defs" / "elt" / "assets.py").write_text("def (:\n")
    code, out, err = run("list", str(copy), capsys=capsys)
    assert (code, out) == (1, "")
    assert err == (
        "flake8-dgdefs: my_existing_project/defs/elt/assets.py: syntax error at line 1:"
        " invalid syntax\n"
    )


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flake8_dgdefs", "list", "--json", "guide_after"],
        cwd=TESTDATA,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["assets"]) == 4


def test_readme_shows_what_list_prints(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ flake8-dgdefs list testdata/guide_after\n"
    example = readme.split(command, 1)[1].split("```", 1)[0]
    _, out, _ = run("list", str(TESTDATA / "guide_after"), capsys=capsys)
    assert example == out


def test_readme_lists_the_fields_the_oracle_leaves_out() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for field in RUNTIME_FIELDS:
        assert f"| `{field}` |" in readme


# -- factories ------------------------------------------------------------------------------
def test_the_scan_records_factories_and_the_calls_it_did_not_evaluate() -> None:
    factory = (
        "import dagster as dg\nfrom .helpers import build\ndef make(n):\n"
        "    @dg.asset(name=n)\n    def _a(): ...\n    if n:\n        return _a\n    return _a\n"
        "def plain(n):\n    return n\n"
        "class Maker:\n    def make(self):\n        return dg.AssetSpec('x')\n"
    )
    source = factory + (
        "orders = make('orders')\nx = len([])\ny = build(1)\nspec = dg.AssetSpec('s')\n"
        "z = dg.AssetSpec('t').replace_attributes(group_name='g')\n"
    )
    facts = scan_source(source, "proj.defs.tables").factories
    assert facts.makers == ("make",)  # not `plain`, not the method of a class
    assert [(c.binding, c.factory) for c in facts.calls] == [("orders", "make"), ("y", "build")]
    assert [(c.line, c.binding, c.factory) for c in facts.chained] == [
        (18, "z", "dg.AssetSpec(...).replace_attributes")
    ]


def test_factory_results_are_evaluated(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("list", "--json", str(TESTDATA / "list" / "factory"), capsys=capsys)
    data = json.loads(out)
    assert code == 0
    assert [(a["asset_key"], a["group_name"], a["source"]) for a in data["assets"]] == [
        ("customers", "tables", "factory_proj/defs/tables.py:8"),
        ("order_report", "tables", "factory_proj/defs/tables.py:11"),
        ("orders", "tables", "factory_proj/defs/tables.py:7"),
    ]
    assert "unresolved" not in data  # everything is seen


def test_definitions_written_inside_definitions_are_listed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run("list", "--json", str(TESTDATA / "list" / "inline"), capsys=capsys)
    data = json.loads(out)
    # `dropped` is taken over; `vendor_feed` is built inside the code location's Definitions
    assert [(a["asset_key"], a["source"]) for a in data["assets"]] == [
        ("kept", "inline_proj/defs/warehouse.py:6"),
        ("vendor_feed", "inline_proj/definitions.py:7"),
    ]
    assert "unresolved" not in data  # everything is seen
    assert err == ""  # a takeover the listing reads in full is not worth a note


def test_a_project_folder_without_dg_config_finds_its_package(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = TESTDATA / "projects" / "no_dg_config"
    code, out, _ = run("list", str(folder), capsys=capsys)
    assert code == 0 and "daily_report" in out.split()


def test_jobs_written_inline_load_with_their_schedule_or_sensor(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run("list", "--json", str(TESTDATA / "list" / "patterns"), capsys=capsys)
    data = json.loads(out)
    jobs = {job["name"]: job.get("source") for job in data["jobs"]}
    assert jobs["inline_job"] == "patterns/defs/more.py:18"
    assert jobs["sensor_job"] == "patterns/defs/more.py:26"
    assert {"name": "inline_job_schedule", "cron_schedule": "@hourly"}.items() <= next(
        s for s in data["schedules"] if s["name"] == "inline_job_schedule"
    ).items()
    assert data["unresolved"] == [
        {
            "field": "definitions",
            "location": "patterns/defs/more.py:5: vendor = dg.AssetSpec(...)"
            ".replace_attributes(...), changed by a method",
        }
    ]


def test_json_is_dg_list_defs_output_plus_sources(capsys: pytest.CaptureFixture[str]) -> None:
    """Recorded from `dg list defs --json` (dagster 1.13.27) on testdata/guide_after."""
    _, out, _ = run("list", "--json", str(TESTDATA / "guide_after"), capsys=capsys)
    data = json.loads(out)
    for section in data.values():
        for entry in section:
            entry.pop("source")
    asset = {"group_name": "default", "kinds": [], "owners": [], "is_executable": True}
    assert data == {
        "assets": [
            {"asset_key": key, "asset_key_parts": [key], **asset, "dependency_keys": deps}
            for key, deps in [
                ("customers_table", []),
                ("my_analytics_asset", ["orders_table"]),
                ("orders_table", []),
                ("products_table", []),
            ]
        ],
        "asset_checks": [],
        "jobs": [{"name": "regenerate_analytics_job"}, {"name": "sync_tables_job"}],
        "resources": [],
        "schedules": [
            {"name": "regenerate_analytics_job_schedule", "cron_schedule": "0 * * * *"},
            {"name": "sync_tables_job_schedule", "cron_schedule": "0 0 * * *"},
        ],
        "sensors": [],
    }


def test_deps_named_by_reference_resolve_or_stay_unresolved() -> None:
    listing = build_listing(
        project(
            {
                "pkg/__init__.py": "",
                "pkg/defs/__init__.py": "",
                "pkg/defs/m.py": """
                    import dagster as dg
                    from vendor_lib import vendor_assets

                    UPSTREAM = (dg.AssetSpec("raw_a"), dg.AssetSpec("raw_b"))

                    @dg.asset(deps=UPSTREAM)
                    def known(): ...

                    @dg.asset(deps=[vendor_assets])
                    def unknown(): ...
                """,
            }
        )
    )
    assets = {a.key: a for a in listing.assets}
    assert assets["known"].deps == ("raw_a", "raw_b") and assets["known"].unresolved == ()
    assert assets["unknown"].unresolved == (
        Unresolved("dependency_keys", "pkg/defs/m.py:10:0"),
    )
    assert listing.unseen == (
        Unresolved("definitions", "pkg/defs/m.py:10:0: the stubs of unknown's unresolved deps"),
    )


def test_reloads_from_packages_and_unknown_modules() -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/defs/__init__.py": "",
        "pkg/legacy/__init__.py": "",
        "pkg/legacy/a.py": "import dagster as dg\n@dg.asset\ndef old_a(): ...\n",
        "pkg/legacy/sub/b.py": "import dagster as dg\n@dg.asset\ndef old_b(): ...\n",
        "pkg/definitions.py": textwrap.dedent(
            """
            import dagster as dg
            import vendor_lib
            from pkg import legacy

            legacy_assets = dg.load_assets_from_package_module(legacy, group_name="legacy")
            defs = dg.Definitions(
                assets=[*legacy_assets, *dg.load_assets_from_modules([vendor_lib])]
            )
            """
        ),
    }
    listing = build_listing(project(files))
    assert [(a.key, a.group) for a in listing.assets] == [
        ("old_a", "legacy"),
        ("old_b", "legacy"),
    ]
    assert listing.unseen == (
        Unresolved(
            "definitions", "pkg/definitions.py:8: vendor_lib is not a module of the project"
        ),
    )


# -- resources ------------------------------------------------------------------------------
def test_resources_are_listed_by_key_with_the_class_the_project_defines() -> None:
    listing = build_listing(
        project(
            {
                "pkg/__init__.py": "from pkg.clients import *\n",
                "pkg/clients.py": """
                    import dagster as dg

                    class Warehouse(dg.ConfigurableResource):
                        dsn: str
                """,
                "pkg/connections.py": """
                    from pkg import Warehouse
                    from dagster_duckdb import DuckDBResource

                    warehouse = Warehouse(dsn="x")
                    duckdb = DuckDBResource(database="y")
                """,
                "pkg/defs/__init__.py": "",
                "pkg/defs/resources.py": """
                    import dagster as dg
                    from pkg.clients import Warehouse
                    from pkg.connections import duckdb, warehouse

                    KEY = "lake"

                    @dg.definitions
                    def resources():
                        return dg.Definitions(
                            resources={
                                "warehouse": warehouse,
                                "duckdb": duckdb,
                                KEY: Warehouse(dsn="z"),
                                "io_manager": dg.FilesystemIOManager(),
                            }
                        )

                    def helper(name):
                        return dg.Definitions(resources={name: warehouse})

                    unexposed = dg.Definitions(resources={"never": warehouse}).resources
                """,
            }
        )
    )
    data: Any = to_json(listing)
    source = "pkg/defs/resources.py"
    assert data["resources"] == [
        {
            "name": "duckdb",
            "type": None,  # defined in another package: its module is not known statically
            "source": f"{source}:13",
            "unresolved": [{"field": "type", "location": f"{source}:13:22"}],
        },
        {
            "name": "io_manager",
            "type": None,
            "source": f"{source}:15",
            "unresolved": [{"field": "type", "location": f"{source}:15:26"}],
        },
        {"name": "lake", "type": "pkg.clients.Warehouse", "source": f"{source}:14"},
        {"name": "warehouse", "type": "pkg.clients.Warehouse", "source": f"{source}:12"},
    ]
    # The helper's keys are not known (nor whether it runs); `unexposed` is no Definitions.
    assert [u.location for u in listing.unseen] == [f"{source}:20: resources given there"]


def test_parameters_typed_with_a_resource_class_are_not_inputs() -> None:
    listing = build_listing(
        project(
            {
                "pkg/__init__.py": "",
                "pkg/clients.py": """
                    import dagster as dg

                    class Warehouse(dg.ConfigurableResource):
                        dsn: str

                    class Frame:
                        pass
                """,
                "pkg/defs/__init__.py": "",
                "pkg/defs/assets.py": """
                    import dagster as dg
                    import pandas as pd
                    from pkg.clients import Frame, Warehouse
                    from other_lib import Client

                    @dg.asset
                    def up(): ...

                    @dg.asset
                    def a(up: pd.DataFrame, db: Warehouse, n: int): ...

                    @dg.asset
                    def b(up: Frame, client: Client): ...
                """,
            }
        )
    )
    assets = {a.key: a for a in listing.assets}
    assert assets["a"].deps == ("n", "up")  # `db` is a resource: Warehouse is one
    assert assets["b"].deps == ("up",)  # `client` may be a resource: not known
    assert [u.field for u in assets["b"].unresolved] == ["dependency_keys"]
    assert "n" not in assets, "an input gets no stub"
