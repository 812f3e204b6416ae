"""Issue 3 in memory: the loading facts of the scan, the loading view, and each rule.

Maps are built from source strings; nothing here touches the disk except the YAML reader
tests, which write into tmp_path.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_dgdefs.checks import check_module
from flake8_dgdefs.component_yaml import read_component_file
from flake8_dgdefs.discovery import Project, component_folders
from flake8_dgdefs.loading import model_of
from flake8_dgdefs.model import LoadingScan
from flake8_dgdefs.project_map import ComponentFile, ModuleInfo, ProjectMap
from flake8_dgdefs.scan import scan_source

FOLDER_LOADER = (
    "from pathlib import Path\nimport dagster as dg\n"
    "defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)\n"
)
LEGACY_LOADER = "import dagster as dg\nimport p.defs\ndefs = dg.load_defs(p.defs)\n"


def loading(source: str, module: str = "p.defs.m") -> LoadingScan:
    return scan_source(textwrap.dedent(source), module).loading


def build(
    files: dict[str, str],
    loader: str = FOLDER_LOADER,
    components: Mapping[str, ComponentFile | str | None] | None = None,
) -> ProjectMap:
    """A map of package `p` from {path below p/: source}; defs package p.defs."""
    sources = {"__init__.py": "", "defs/__init__.py": "", "definitions.py": loader, **files}
    modules = []
    for path, source in sources.items():
        parts = path[:-3].split("/")
        is_package = parts[-1] == "__init__"
        name = ".".join(["p", *(parts[:-1] if is_package else parts)])
        scan = scan_source(textwrap.dedent(source), name, is_package)
        modules.append(ModuleInfo(name, f"p/{path}", is_package, scan))
    return ProjectMap.build("p", "p.defs", modules, component_folders=components)


def codes(project: ProjectMap, module: str) -> list[tuple[int, str]]:
    """(line, code) of each violation of one module."""
    return [(v.line, v.message.split(" ", 1)[0]) for v in check_module(project, module)]


def messages(project: ProjectMap, module: str) -> list[str]:
    return [v.message for v in check_module(project, module)]


# -- the scan ----------------------------------------------------------------------------
def test_scan_records_hand_loaders_with_the_modules_they_read() -> None:
    found = loading(
        """
        import dagster as dg
        import p.defs.sales
        from p.defs import elt
        a = dg.load_assets_from_modules([elt])
        b = dg.load_assets_from_package_module(p.defs.sales)
        c = dg.load_asset_checks_from_package_name("p.defs.checks")
        d = dg.load_definitions_from_module(elt)
        """,
        "p.definitions",
    )
    assert [(m.helper, m.modules, m.packages) for m in found.manual_loads] == [
        ("load_assets_from_modules", ("p.defs.elt",), ()),
        ("load_assets_from_package_module", (), ("p.defs.sales",)),
        ("load_asset_checks_from_package_name", (), ("p.defs.checks",)),
        ("load_definitions_from_module", ("p.defs.elt",), ()),
    ]


def test_scan_records_names_listed_in_definitions_with_their_imports() -> None:
    found = loading(
        """
        import dagster as dg
        import p.defs.jobs
        from p.defs.assets import orders_job as job
        defs = dg.Definitions(jobs=[job, p.defs.jobs.other], schedules=[local])
        """,
        "p.definitions",
    )
    assert [(n.name, n.qualified) for n in found.listed] == [
        ("job", "p.defs.assets.orders_job"),
        ("p.defs.jobs.other", "p.defs.jobs.other"),
        ("local", None),
    ]


def test_scan_records_definitions_objects_functions_and_aliases() -> None:
    found = loading(
        """
        import dagster as dg
        first = dg.Definitions(assets=[a])
        merged = dg.Definitions.merge(first, dg.Definitions(jobs=[j]))
        alias = merged

        @dg.definitions
        def lazy():
            return dg.Definitions(assets=[b])
        """
    )
    objects = {o.binding: o for o in found.definitions_objects}
    assert sorted(objects) == ["alias", "first", "lazy", "merged"]
    assert {"a", "j", "first"} <= set(objects["merged"].contains)
    assert objects["alias"].contains == objects["merged"].contains
    assert objects["lazy"].is_function and "b" in objects["lazy"].contains


def test_scan_forgets_a_definitions_object_that_is_rebound() -> None:
    found = loading("import dagster as dg\ndefs = dg.Definitions()\ndefs = None\n")
    assert found.definitions_objects == ()


def test_scan_records_resources_and_classes() -> None:
    found = loading(
        """
        import dagster as dg
        from dagster_duckdb import DuckDBResource
        from p.resources import Warehouse

        class Local(dg.ConfigurableResource):
            url: str

        io = dg.FilesystemIOManager()
        fs = dg.fs_io_manager
        duck = DuckDBResource(database="x")
        mine = Local(url="x")
        theirs = Warehouse()
        both = {"a": Warehouse(), "b": dg.ResourceDefinition.hardcoded_resource(1)}
        number = int("3")

        @dg.resource
        def made(): ...
        """
    )
    resources = {r.binding: (r.kind, r.class_refs) for r in found.resources}
    assert resources == {
        "io": ("IO manager", ()),
        "fs": ("IO manager", ()),
        "duck": ("resource", ()),
        "mine": ("resource", ("p.defs.m.Local",)),
        "theirs": ("resource", ("p.resources.Warehouse",)),
        "both": ("resources dict", ()),
        "made": ("resource", ()),
    }
    assert found.classes == (("Local", ("dagster.ConfigurableResource",)),)


@pytest.mark.parametrize(
    ("value", "container", "collected"),
    [
        ('[dg.AssetSpec("a"), dg.AssetSpec("b")]', "list", True),
        ('(dg.AssetSpec("a"), dg.AssetSpec("b"))', "tuple", False),
        ('{dg.AssetSpec("a"), dg.AssetSpec("b")}', "set", False),
        ('{"x": dg.AssetSpec("a"), "y": dg.AssetSpec("b")}', "dict", False),
        ('[[dg.AssetSpec("a")], [dg.AssetSpec("b")]]', "nested list", False),
        ('[dg.AssetSpec("a"), dg.AssetSpec("b"), "c"]', "mixed list", False),
        ('[dg.AssetSpec("a"), dg.AssetSpec("b"), NAME]', "mixed list", False),
    ],
)
def test_scan_records_definitions_gathered_in_containers(
    value: str, container: str, collected: bool
) -> None:
    found = loading(f"import dagster as dg\nNAME = 'crm'\nitems = {value}\n")
    assert [(g.container, g.collected, g.definition.name) for g in found.gathered] == [
        (container, collected, "a"),
        (container, collected, "b"),
    ]


def test_scan_does_not_gather_names_bound_elsewhere() -> None:
    found = loading('import dagster as dg\na = dg.AssetSpec("a")\nitems = (a,)\n')
    assert found.gathered == ()


# -- the YAML reader ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("type: dagster.DefsFolderComponent\n", "dagster.DefsFolderComponent"),
        ("# comment\ntype: 'my.Component'  # note\nattributes:\n  type: no\n", "my.Component"),
        ('---\ntype: "a.B"\n', "a.B"),
        ("attributes: {}\n---\ntype: second.Document\n", None),
        ("attributes:\n  type: nested\n", None),
    ],
)
def test_component_type_reads_the_top_level_type(text: str, expected: str | None) -> None:
    assert read_component_file(text, "defs.yaml").type == expected


def test_component_folders_lists_each_folder_once_in_dagster_precedence(tmp_path: Path) -> None:
    reports = tmp_path / "p" / "defs" / "reports"
    reports.mkdir(parents=True)
    (reports / "defs.yaml").write_text("type: a.First\n")
    (reports / "component.yaml").write_text("type: a.Second\n")
    hidden = tmp_path / "p" / ".hidden"
    hidden.mkdir()
    (hidden / "defs.yml").write_text("type: a.Hidden\n")
    project = Project(str(tmp_path), str(tmp_path), "p", "p.defs", None)
    assert component_folders(project) == {"p/defs/reports": ComponentFile("a.First")}


# -- the loading view -----------------------------------------------------------------------
ASSET = "import dagster as dg\n@dg.asset\ndef {name}(): ...\n"


def test_walk_skips_yaml_component_folders_except_defs_folder_components() -> None:
    project = build(
        {"defs/a/x.py": ASSET.format(name="x"), "defs/b/c/y.py": ASSET.format(name="y")},
        components={"p/defs/a": "dagster.DefsFolderComponent", "p/defs/b": "my.Thing"},
    )
    walk = model_of(project).walk
    assert walk.skipped(project.modules["p.defs.a.x"]) is None
    skip = walk.skipped(project.modules["p.defs.b.c.y"])
    assert skip is not None and (skip.reason, skip.folder, skip.detail) == (
        "yaml",
        "p/defs/b",
        "my.Thing",
    )


def test_walk_keyword_file_only_under_the_legacy_loader_and_not_beside_component_py() -> None:
    files = {
        "defs/s/definitions.py": ASSET.format(name="kept"),
        "defs/s/other.py": ASSET.format(name="dropped"),
        "defs/t/definitions.py": "",
        "defs/t/component.py": "",
        "defs/t/other.py": ASSET.format(name="walked"),
    }
    legacy = build(files, LEGACY_LOADER)
    walk = model_of(legacy).walk
    assert walk.skipped(legacy.modules["p.defs.s.other"]) is not None
    assert walk.skipped(legacy.modules["p.defs.s.definitions"]) is None
    assert walk.skipped(legacy.modules["p.defs.t.other"]) is None
    current = build(files)
    assert model_of(current).walk.skipped(current.modules["p.defs.s.other"]) is None


def test_schedule_on_an_imported_job_is_named_after_the_job() -> None:
    project = build(
        {
            "defs/jobs.py": 'import dagster as dg\nj = dg.define_asset_job(name="nightly")\n',
            "defs/schedules.py": (
                "import dagster as dg\nfrom p.defs.jobs import j\n"
                'daily = dg.ScheduleDefinition(job=j, cron_schedule="0 0 * * *")\n'
            ),
        }
    )
    model = model_of(project)
    keys = {loaded.definition.binding: model.keys(loaded) for loaded in model.items}
    assert keys == {"j": ("nightly",), "daily": ("nightly_schedule",)}


# -- the rules ------------------------------------------------------------------------------
def test_dgd202_hand_loader_over_a_defs_module() -> None:
    loader = FOLDER_LOADER + (
        "from p.defs import elt\nfrom p import outside\n"
        "extra = dg.load_assets_from_modules([elt, outside])\n"
        "same = dg.load_definitions_from_module(elt)\n"
    )
    project = build({"defs/elt.py": ASSET.format(name="orders"), "outside.py": ""}, loader)
    found = messages(project, "p.definitions")
    assert len(found) == 1
    assert found[0].startswith("DGD202 load_assets_from_modules loads p.defs.elt")
    assert "`Duplicate asset key: AssetKey(['orders'])`" in found[0]


def test_dgd202_needs_an_asset_the_autoloader_loads() -> None:
    loader = FOLDER_LOADER + "from p.defs import jobs\nx = dg.load_assets_from_modules([jobs])\n"
    project = build({"defs/jobs.py": "import dagster as dg\n"}, loader)
    assert codes(project, "p.definitions") == []


def test_dgd203_only_for_what_the_autoloader_loads_anyway() -> None:
    loader = FOLDER_LOADER + (
        "from p.defs.a import orders\nfrom p.defs.b import lost\n"
        "both = dg.Definitions(assets=[orders, lost])\n"
    )
    project = build(
        {
            "defs/a.py": ASSET.format(name="orders"),
            "defs/b.py": ASSET.format(name="lost") + "defs = dg.Definitions()\n",
        },
        loader,
    )
    assert codes(project, "p.definitions") == [(6, "DGD203")]


def test_dgd301_and_dgd302_report_what_the_takeover_leaves_out() -> None:
    project = build(
        {
            "defs/obj.py": ASSET.format(name="kept")
            + "@dg.asset\ndef lost(): ...\ndefs = dg.Definitions(assets=[kept])\n",
            "defs/fn.py": ASSET.format(name="kept2")
            + "@dg.asset\ndef lost2(): ...\n@dg.definitions\ndef defs():\n"
            "    return dg.Definitions(assets=[kept2])\n",
        }
    )
    assert codes(project, "p.defs.obj") == [(4, "DGD301")]
    assert codes(project, "p.defs.fn") == [(4, "DGD302")]


def test_dgd301_not_for_a_definition_another_defs_module_loads() -> None:
    project = build(
        {
            "defs/a.py": ASSET.format(name="shared") + "defs = dg.Definitions()\n",
            "defs/b.py": "from p.defs.a import shared\n",
        }
    )
    assert codes(project, "p.defs.a") == []


def test_dgd303_two_objects_an_alias_or_a_mix() -> None:
    two = "import dagster as dg\na = dg.Definitions()\nb = dg.Definitions()\n"
    alias = "import dagster as dg\na = dg.Definitions()\nb = a\n"
    mixed = "import dagster as dg\na = dg.Definitions()\n@dg.definitions\ndef f(): ...\n"
    functions = (
        "import dagster as dg\n@dg.definitions\ndef f(): ...\n@dg.definitions\ndef g(): ...\n"
    )
    project = build(
        {
            "defs/two.py": two,
            "defs/alias.py": alias,
            "defs/mixed.py": mixed,
            "defs/fns.py": functions,
        }
    )
    assert codes(project, "p.defs.two") == [(3, "DGD303")]
    assert codes(project, "p.defs.alias") == [(3, "DGD303")]
    assert codes(project, "p.defs.mixed") == [(3, "DGD303")]
    assert "Found both @definitions" in messages(project, "p.defs.mixed")[0]
    assert codes(project, "p.defs.fns") == []


def test_dgd304_in_a_yaml_folder_and_not_in_a_defs_folder_component() -> None:
    files = {"defs/r/x.py": ASSET.format(name="x")}
    owned = build(files, components={"p/defs/r": "my.Component"})
    assert codes(owned, "p.defs.r.x") == [(2, "DGD304")]
    folder = build(files, components={"p/defs/r": "dagster.components.DefsFolderComponent"})
    assert codes(folder, "p.defs.r.x") == []


def test_dgd305_spares_what_definitions_py_imports() -> None:
    files = {
        "defs/s/definitions.py": "from p.defs.s.orders import orders\n",
        "defs/s/orders.py": ASSET.format(name="orders") + "@dg.asset\ndef refunds(): ...\n",
    }
    legacy = build(files, LEGACY_LOADER)
    assert codes(legacy, "p.defs.s.orders") == [(4, "DGD305")]
    assert "'refunds'" in messages(legacy, "p.defs.s.orders")[0]
    assert codes(build(files), "p.defs.s.orders") == []


def test_dgd306_resources_unless_a_definitions_uses_them() -> None:
    resources = {
        "resources.py": "import dagster as dg\nclass W(dg.ConfigurableResource):\n    url: str\n",
        "defs/bare.py": "from p.resources import W\nw = W(url='x')\nn = int('1')\n",
        "defs/used.py": (
            "import dagster as dg\nfrom p.resources import W\nw = W(url='x')\n"
            "@dg.definitions\ndef defs():\n    return dg.Definitions(resources={'w': w})\n"
        ),
        "defs/unknown.py": "from elsewhere import Thing\nt = Thing()\n",
    }
    project = build(resources)
    assert codes(project, "p.defs.bare") == [(2, "DGD306")]
    assert codes(project, "p.defs.used") == []
    assert codes(project, "p.defs.unknown") == []


def test_dgd307_containers_but_not_flat_lists_nor_under_a_takeover() -> None:
    project = build(
        {
            "defs/c.py": (
                'import dagster as dg\nt = (dg.AssetSpec("a"),)\nl = [dg.AssetSpec("b")]\n'
            ),
            "defs/d.py": (
                'import dagster as dg\nt = (dg.AssetSpec("a2"),)\n'
                "defs = dg.Definitions(assets=[*t])\n"
            ),
        }
    )
    assert codes(project, "p.defs.c") == [(2, "DGD307")]
    assert codes(project, "p.defs.d") == []


def test_dgd401_across_modules_and_within_one() -> None:
    project = build(
        {
            "defs/a.py": ASSET.format(name="orders"),
            "defs/b.py": 'import dagster as dg\nspec = dg.AssetSpec("orders")\n',
            "defs/c.py": 'import dagster as dg\nx = dg.AssetSpec("k")\ny = dg.AssetSpec("k")\n',
        }
    )
    assert codes(project, "p.defs.a") == []
    assert codes(project, "p.defs.b") == [(2, "DGD401")]
    assert "at p/defs/a.py:2" in messages(project, "p.defs.b")[0]
    assert "`Asset key k is defined multiple times`" in messages(project, "p.defs.c")[0]


def test_duplicates_ignore_re_exports_and_keys_not_known_statically() -> None:
    project = build(
        {
            "defs/a.py": ASSET.format(name="orders"),
            "defs/b.py": "from p.defs.a import orders\n",
            "defs/c.py": "import dagster as dg\nimport os\nx = dg.AssetSpec(os.environ['K'])\n",
            "defs/d.py": "import dagster as dg\nimport os\ny = dg.AssetSpec(os.environ['K'])\n",
        }
    )
    for module in ("p.defs.a", "p.defs.b", "p.defs.c", "p.defs.d"):
        assert codes(project, module) == []


def test_a_name_bound_in_a_branch_counts_for_no_key() -> None:
    """`if ...: x = A` / `else: x = B`: the attribute is A or B (or, in a loop or a `try`,
    maybe neither), so neither is counted; a later certain binding counts again."""
    branches = (
        "import dagster as dg\nimport os\n"
        "if os.environ.get('R'):\n    x = dg.AssetSpec('a')\nelse:\n    x = dg.AssetSpec('b')\n"
        "for _ in range(2):\n    y = dg.AssetSpec('c')\n"
        "try:\n    @dg.asset(name='d')\n    def z(): ...\nexcept ImportError:\n    pass\n"
        "w = dg.AssetSpec('e')\nif os.environ.get('R'):\n    w = dg.AssetSpec('f')\n"
    )
    others = "import dagster as dg\n" + "".join(
        f"k{n} = dg.AssetSpec('{key}')\n" for n, key in enumerate("abcdef")
    )
    project = build({"defs/m.py": branches, "defs/n.py": others})
    assert codes(project, "p.defs.m") == codes(project, "p.defs.n") == []
    model = model_of(project)
    uncertain = {i.definition.name for i in model.items if i.origin.name == "p.defs.m"}
    assert uncertain == set("abcdef")
    assert not any(i.certain for i in model.items if i.origin.name == "p.defs.m")
    certain = build({"defs/m.py": branches + "x = dg.AssetSpec('a')\n", "defs/n.py": others})
    assert codes(project, "p.defs.n") == [] and codes(certain, "p.defs.n") == [(2, "DGD401")]


def test_dgd402_dgd403_dgd404() -> None:
    project = build(
        {
            "defs/a.py": (
                'import dagster as dg\nj = dg.define_asset_job(name="j")\n'
                'd = dg.ScheduleDefinition(job=j, cron_schedule="* * * * *")\n'
                '@dg.asset_check(asset="t")\ndef c(): ...\n'
            ),
            "defs/b.py": (
                'import dagster as dg\nk = dg.define_asset_job(name="j")\n'
                "@dg.sensor(job_name='j')\ndef j_schedule(): ...\n"
                '@dg.asset_check(asset="t", name="c")\ndef c2(): ...\n'
            ),
        }
    )
    assert codes(project, "p.defs.b") == [(2, "DGD402"), (3, "DGD403"), (5, "DGD404")]


def test_no_loading_rule_without_an_autoloader_call() -> None:
    project = build({"defs/c.py": 'import dagster as dg\nt = (dg.AssetSpec("a"),)\n'}, "")
    assert codes(project, "p.defs.c") == []


def test_dgd402_names_dagster_error_for_asset_jobs_and_op_jobs() -> None:
    op_job = "import dagster as dg\n@dg.job(name='{name}')\ndef {binding}(): ...\n"
    asset_job = "import dagster as dg\n{binding} = dg.define_asset_job(name='{name}')\n"
    project = build(
        {
            "defs/a.py": op_job.format(name="m", binding="m1"),
            "defs/b.py": op_job.format(name="m", binding="m2"),
            "defs/c.py": asset_job.format(name="r", binding="r1"),
            "defs/d.py": asset_job.format(name="r", binding="r2"),
        }
    )
    assert "`Duplicate job definition found for job 'm'`" in messages(project, "p.defs.b")[0]
    assert "`Duplicate definition found for unresolved job 'r'`" in messages(project, "p.defs.d")[0]


def test_dgd202_in_a_defs_module_only_when_collected_at_module_level() -> None:
    project = build(
        {
            "defs/elt.py": ASSET.format(name="orders"),
            "defs/copies.py": (
                "import dagster as dg\nfrom p.defs import elt\n"
                "copies = dg.load_assets_from_modules([elt])\n"
                "def later():\n    return dg.load_assets_from_modules([elt])\n"
            ),
            "defs/own.py": (
                ASSET.format(name="mine") + "again = dg.load_assets_from_current_module()\n"
            ),
        }
    )
    assert codes(project, "p.defs.copies") == [(3, "DGD202")]
    own = messages(project, "p.defs.own")
    assert len(own) == 1 and own[0].endswith(
        "`Asset key mine is defined multiple times`; remove this call"
    )


def test_dgd307_not_for_a_container_only_used_as_deps() -> None:
    project = build(
        {
            "defs/c.py": (
                'import dagster as dg\nUPSTREAM = (dg.AssetSpec("raw_a"),)\n'
                "@dg.asset(deps=UPSTREAM)\ndef cleaned(): ...\n"
            ),
        }
    )
    assert codes(project, "p.defs.c") == []


def test_dgd202_once_per_call_over_a_package_holding_defs() -> None:
    loader = FOLDER_LOADER + "import p\nx = dg.load_assets_from_package_module(p)\n"
    project = build(
        {
            "defs/a.py": ASSET.format(name="one"),
            "defs/b.py": ASSET.format(name="two"),
            "legacy.py": ASSET.format(name="three"),
        },
        loader,
    )
    found = [m for m in messages(project, "p.definitions") if m.startswith("DGD202")]
    assert len(found) == 1
    assert "loads p.defs.a (and 1 more defs modules) again" in found[0]
    assert found[0].endswith("load only modules outside p.defs by hand")


SNIPPETS = (
    ASSET.format(name="orders"),
    'import dagster as dg\nspec = dg.AssetSpec("orders")\n',
    "import dagster as dg\ndefs = dg.Definitions(assets=[orders])\n",
    "import dagster as dg\n@dg.definitions\ndef defs():\n    return dg.Definitions()\n",
    'import dagster as dg\nitems = (dg.AssetSpec("a"), [dg.AssetSpec("b")])\n',
    'import dagster as dg\nj = dg.define_asset_job(name="j")\n'
    's = dg.ScheduleDefinition(job=j, cron_schedule="* * * * *")\n',
    "from p.defs.a import *\nfrom p.defs.b import defs, orders\n",
    "import dagster as dg\nfrom p.defs import a\nx = dg.load_assets_from_modules([a])\n",
    "import dagster as dg\nw = dg.FilesystemIOManager()\nr = {'k': w}\n",
    "import dagster as dg\nclass R(dg.ConfigurableResource): ...\nr = R()\n",
    "x = (\n",  # does not parse
    "",
)
PATHS = ("defs/a.py", "defs/b.py", "defs/s/definitions.py", "defs/s/c.py", "defs/y/d.py", "e.py")


@given(
    files=st.dictionaries(st.sampled_from(PATHS), st.sampled_from(SNIPPETS), max_size=6),
    loader=st.sampled_from((FOLDER_LOADER, LEGACY_LOADER, "")),
    owned=st.booleans(),
)
@settings(max_examples=150, deadline=None)
def test_the_loading_rules_never_crash(files: dict[str, str], loader: str, owned: bool) -> None:
    project = build(files, loader, components={"p/defs/y": "my.Thing"} if owned else None)
    for module in project.modules:
        for violation in check_module(project, module):
            assert violation.message.startswith("DGD") and violation.line >= 1
