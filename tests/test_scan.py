"""The scan of one module, in memory: which names are Dagster's, which objects are loadable."""

from __future__ import annotations

import textwrap

import pytest

from flake8_dgdefs.model import LoaderCall
from flake8_dgdefs.scan import scan_source


def _found(source: str, module: str = "pkg.mod") -> list[tuple[str, str | None, int]]:
    scan = scan_source(textwrap.dedent(source), module)
    assert scan.error is None, scan.error
    return [(d.kind, d.name, d.line) for d in scan.definitions]


@pytest.mark.parametrize(
    "imports, decorator",
    [
        ("import dagster as dg", "@dg.asset"),
        ("import dagster", "@dagster.asset"),
        ("from dagster import asset", "@asset"),
        ("from dagster import asset as a", "@a"),
        ("from dagster import asset as a", "@a(group_name='g')"),
        ("from dagster import *", "@asset()"),
        ("import dagster_components as dgc", "@dgc.asset"),
    ],
)
def test_every_spelling_of_dagsters_decorator_counts(imports: str, decorator: str) -> None:
    assert _found(f"{imports}\n{decorator}\ndef orders(): ...\n") == [("asset", "orders", 2)]


@pytest.mark.parametrize(
    "source",
    [
        "from mylib import asset\n@asset\ndef orders(): ...\n",
        "import dagster as dg\nfrom mylib import asset\n@asset\ndef orders(): ...\n",
        "from dagster import asset\nasset = 3\n@asset\ndef orders(): ...\n",
        "from dagster import asset\ndef asset(f): return f\n@asset\ndef orders(): ...\n",
        "from dagster import *\nfrom mylib import asset\n@asset\ndef orders(): ...\n",
        "@asset\ndef orders(): ...\n",
    ],
)
def test_other_libraries_and_shadowed_names_are_not_dagsters(source: str) -> None:
    assert _found(source) == []


def test_definitions_made_inside_functions_are_factories_not_module_level() -> None:
    source = """
        import dagster as dg

        def make(name):
            @dg.asset(name=name)
            def _asset(): ...
            job = dg.define_asset_job(name)
            return _asset

        if __name__ == "__main__":
            dg.define_asset_job("script_only")
    """
    assert _found(source) == []


def test_names_and_keys_are_computed_like_dagster() -> None:
    source = """
        import dagster as dg
        PREFIX = "raw"
        TEAM = "ops"

        @dg.asset(key_prefix=[PREFIX, "shop"])
        def orders(): ...

        @dg.asset(name=f"{TEAM}_summary")
        def build_summary(): ...

        @dg.asset(key=dg.AssetKey(["a", "b"]))
        def keyed(): ...

        spec = dg.AssetSpec("external" + "_table")
        nightly = dg.define_asset_job(name="nightly", selection="*")
        nightly_schedule = dg.ScheduleDefinition(job=nightly, cron_schedule="0 0 * * *")
        named = dg.ScheduleDefinition(name="hourly", job_name="x", cron_schedule="0 * * * *")

        @dg.sensor(job=nightly)
        def watch(): ...

        @dg.asset_check(asset=orders)
        def orders_nonempty(): ...
    """
    assert _found(source) == [
        ("asset", "raw/shop/orders", 6),
        ("asset", "ops_summary", 9),
        ("asset", "a/b", 12),
        ("asset spec", "external_table", 15),
        ("job", "nightly", 16),
        ("schedule", "nightly_schedule", 17),
        ("schedule", "hourly", 18),
        ("sensor", "watch", 20),
        ("asset_check", "orders_nonempty", 23),
    ]


def test_a_name_from_a_runtime_value_is_not_guessed() -> None:
    source = """
        import os
        import dagster as dg
        job = dg.define_asset_job(name=os.environ["JOB"])
    """
    scan = scan_source(textwrap.dedent(source), "pkg.mod")
    assert [(d.name, d.binding, d.keys) for d in scan.definitions] == [(None, "job", ())]


def test_multi_asset_keys_come_from_outs_and_specs() -> None:
    source = """
        import dagster as dg

        @dg.multi_asset(outs={"a": dg.AssetOut(), "b": dg.AssetOut(key_prefix="p")})
        def two(): ...

        @dg.multi_asset(specs=[dg.AssetSpec("c"), dg.AssetSpec(key="d")])
        def specs(): ...
    """
    scan = scan_source(textwrap.dedent(source), "pkg.mod")
    assert [d.keys for d in scan.definitions] == [("a", "p/b"), ("c", "d")]


def test_loader_calls_and_their_package() -> None:
    source = """
        from pathlib import Path
        import dagster as dg
        import dagster_components as dgc
        from dagster.components import load_from_defs_folder
        import pkg.defs
        from . import defs

        a = dgc.load_defs(pkg.defs)
        b = dg.load_defs(defs_root=defs)
        c = load_from_defs_folder(path_within_project=Path(__file__).parent)
        defs = dg.Definitions.merge(a, b, c)
    """
    scan = scan_source(textwrap.dedent(source), "pkg.definitions")
    assert scan.loader_calls == (
        LoaderCall(9, 4, "load_defs", "pkg.defs"),
        LoaderCall(10, 4, "load_defs", "pkg.defs"),
        LoaderCall(11, 4, "load_from_defs_folder", None),
    )


def test_imports_are_absolute_even_when_relative() -> None:
    source = "from .elt import assets\nfrom ..other import x\nimport pkg.a.b\n"
    scan = scan_source(source, "pkg.sub.mod")
    assert [(i.module, i.names) for i in scan.imports] == [
        ("pkg.sub.elt", (("assets", "assets"),)),
        ("pkg.other", (("x", "x"),)),
        ("pkg.a.b", ()),
    ]


def test_a_module_that_does_not_parse_reports_why() -> None:
    scan = scan_source("@dg.asset(\n", "pkg.mod")
    assert scan.definitions == ()
    assert scan.error is not None and scan.error.startswith("syntax error at line")
