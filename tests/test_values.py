"""Values across modules: the scan's evaluator, the resolver's constants, and the map that
scans a module again with the values it imports (issue 9, point 4). In memory, but for the
cache and the editor's buffer, which read real files."""

from __future__ import annotations

import ast
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from flake8_dgdefs.cache import CacheSettings
from flake8_dgdefs.discovery import find_project
from flake8_dgdefs.loading.resolver import Resolver, unsettled
from flake8_dgdefs.project_map import ModuleInfo
from flake8_dgdefs.scan import scan_source
from flake8_dgdefs.scan.values import Constants, Value, evaluate
from flake8_dgdefs.session import Session, build_map
from tests.test_model_oracle import project_dir


def _value(expression: str, given: dict[str, Value] | None = None, **local: Value) -> object:
    imports = {"settings": "pkg.settings", "PREFIX": "pkg.settings.PREFIX"}

    def qualname(node: ast.expr) -> str | None:
        if isinstance(node, ast.Name):
            return imports.get(node.id)
        if isinstance(node, ast.Attribute):
            base = qualname(node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    consts = Constants(qualname, given)
    consts.update(local)
    return evaluate(ast.parse(expression, mode="eval").body, consts)


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("'a' + 'b'", "ab"),
        ("f'{A}_{N}'", "x_3"),
        ("'%s_margin' % A", "x_margin"),
        ("'%s/%d' % (A, N)", "x/3"),
        ("'{}_summary'.format(A)", "x_summary"),
        ("'{0}_{name}'.format(A, name='y')", "x_y"),
        ("T[1]", "b"),
        ("T[-1]", "b"),
        ("[A, T[0]]", ("x", "a")),
        ("T + ('c',)", ("a", "b", "c")),
        ("N + 1", 4),
        ("True", True),
    ],
)
def test_static_values_are_computed_like_python(expression: str, expected: object) -> None:
    assert _value(expression, A="x", N=3, T=("a", "b")) == expected


@pytest.mark.parametrize(
    "expression",
    [
        "B",  # not a constant
        "None",
        "T[2]",  # out of range: Python raises, nothing is guessed
        "'%10s' % A",  # widths could build any size of string
        "'%r' % A",
        "'{:>10}'.format(A)",
        "'{0.upper}'.format(A)",
        "'{}'.format(*T)",
        "'{}{}'.format(A)",
        "f'{A!r}'",
        "A * 3",
        "os.environ['X']",
        "T[N]",
    ],
)
def test_what_is_not_certain_is_none(expression: str) -> None:
    assert _value(expression, A="x", N=3, T=("a", "b")) is None


def test_imported_names_are_asked_for_and_given() -> None:
    given: dict[str, Value] = {"pkg.settings.GROUP": "sales"}
    assert _value("settings.GROUP", given) == "sales"
    assert _value("PREFIX + '_x'", given) is None
    consts = Constants(lambda node: "dagster.AssetKey", {})
    assert evaluate(ast.parse("dg.AssetKey", mode="eval").body, consts) is None
    assert consts.asked == set(), "Dagster's names are never project constants"


def _modules(**sources: str) -> dict[str, ModuleInfo]:
    return {
        name: ModuleInfo(
            name,
            name.replace(".", "/") + ".py",
            False,
            scan_source(textwrap.dedent(source), name),
        )
        for name, source in sources.items()
    }


def test_constants_are_followed_through_imports_and_not_guessed() -> None:
    modules = _modules(
        **{
            "pkg.base": "BASE = 'shop'\nSHADOWED = 'a'\n",
            "pkg.settings": """
                from pkg.base import BASE, SHADOWED
                from pkg.star import *
                SHADOWED = make()
                LOCAL = 'x'
                if flag:
                    BRANCH = 'a'
                else:
                    BRANCH = 'b'
                try:
                    from pkg.a import EITHER
                except ImportError:
                    from pkg.b import EITHER
            """,
            "pkg.star": "STARRED = 's'\n_PRIVATE = 'p'\n",
            "pkg.a": "EITHER = 'a'\n",
            "pkg.b": "EITHER = 'b'\n",
        }
    )
    resolver = Resolver(modules)
    assert resolver.constant("pkg.settings.LOCAL") == "x"
    assert resolver.constant("pkg.settings.BASE") == "shop"
    assert resolver.constant("pkg.settings.STARRED") == "s"
    assert resolver.constant("pkg.settings._PRIVATE") is None
    assert resolver.constant("pkg.settings.SHADOWED") is None
    assert resolver.constant("pkg.settings.BRANCH") is None
    assert resolver.constant("pkg.settings.EITHER") is None
    assert resolver.constant("pkg.missing.X") is None


def test_a_module_is_scanned_again_until_its_values_settle() -> None:
    sources = {
        "pkg.base": "BASE = 'shop'\n",
        "pkg.settings": "from pkg.base import BASE\nPREFIX = BASE + '_eu'\n",
        "pkg.assets": (
            "import dagster as dg\nfrom pkg import settings\n"
            "@dg.asset(key_prefix=settings.PREFIX)\ndef revenue(): ...\n"
        ),
    }
    modules = _modules(**sources)
    assert modules["pkg.assets"].scan.definitions[0].keys == ()
    rounds = 0
    while todo := unsettled(modules):
        rounds += 1
        for module, given in todo:
            scan = scan_source(sources[module.name], module.name, False, given)
            modules[module.name] = ModuleInfo(module.name, module.path, False, scan)
    assert rounds == 2  # settings first, then the module that reads settings
    assert modules["pkg.assets"].scan.definitions[0].keys == ("shop_eu/revenue",)


@pytest.fixture()
def clash(tmp_path: Path) -> Path:
    target = tmp_path / "constants_clash"
    shutil.copytree(
        project_dir("constants_clash"), target, ignore=shutil.ignore_patterns(".dgdefs_cache")
    )
    return target


def _revenue_keys(folder: Path, cache: CacheSettings) -> tuple[str, ...]:
    project = find_project(str(folder / "_.py"))
    assert project is not None
    scan = build_map(project, cache).modules["shopkeys.defs.sales"].scan
    return scan.definitions[0].keys


def test_the_cache_scans_a_module_again_when_a_value_it_imports_changes(clash: Path) -> None:
    cache = CacheSettings(enabled=True, directory=str(clash / "cache"))
    regions = clash / "src/shopkeys/settings/regions.py"
    sales = clash / "src/shopkeys/defs/sales.py"
    old = os.stat(sales).st_mtime_ns - 10_000_000_000  # not racy: the cache keeps it
    for path in clash.rglob("*.py"):
        os.utime(path, ns=(old, old))
    assert _revenue_keys(clash, cache) == ("shop_eu/revenue",)
    assert _revenue_keys(clash, cache) == ("shop_eu/revenue",)  # from the cache
    regions.write_text(regions.read_text().replace('"_eu"', '"_us"'))
    os.utime(regions, ns=(old + 1, old + 1))
    assert _revenue_keys(clash, cache) == ("shop_us/revenue",)  # sales.py itself unchanged


def test_the_editors_buffer_is_given_the_values_it_imports(clash: Path) -> None:
    session = Session()
    sales = clash / "src/shopkeys/defs/sales.py"
    tree = ast.parse(sales.read_text().replace("def revenue", "def other"))
    violations = session.lint(str(sales), tree)
    assert violations == [], "the clash is gone in the buffer, if not on disk"
    tree = ast.parse(sales.read_text())
    [violation] = session.lint(str(sales), tree)
    assert "asset key 'shop_eu/revenue'" in violation.message


def test_a_list_comprehension_of_specs_is_one_definition_per_item() -> None:
    source = textwrap.dedent(
        """
        import dagster as dg
        from pkg.settings import TABLES
        t = "shadowed"
        raw = [dg.AssetSpec(f"raw_{t}", group_name="g") for t in ("a", "b")]
        imported = [dg.AssetSpec(f"in_{t}") for t in TABLES]
        """
    )
    scan = scan_source(source, "pkg.defs.m")
    keys = [(g.binding, g.definition.keys, g.collected) for g in scan.loading.gathered]
    assert keys == [
        ("raw", ("raw_a",), True),
        ("raw", ("raw_b",), True),
        ("imported", (), True),  # loads, but its key is not known: listed as unresolved
    ]
    given = scan_source(source, "pkg.defs.m", False, {"pkg.settings.TABLES": ("x",)})
    assert [g.definition.keys for g in given.loading.gathered][2:] == [("in_x",)]
    assert ("t", "shadowed") in given.constants
