"""Property tests: the scan, the project map, the rules and the listing never raise.

hypothesmith is not a dependency, so a small grammar of Dagster-like modules lives here:
dagster imported under aliases (and star-imported, and shadowed), decorators with and
without arguments (and ones that are not names at all), assignments of Dagster calls,
nested definitions, classes, control flow, loader calls, relative imports that climb too
far, and random junk expressions. Several generated modules form one project, so the
cross-module rules (DGD102 / DGD201) and the listing run on them too.

CI runs FUZZ_EXAMPLES (200) examples of each property, derandomized: the same ones every run.
"""

from __future__ import annotations

import ast
import functools
import marshal
import os
import string
from typing import Any, Callable

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flake8_dgdefs import cache
from flake8_dgdefs.checks import check_module
from flake8_dgdefs.listing import build_listing
from tests.test_agreement import assert_agreement
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap
from flake8_dgdefs.scan import scan_source, scan_tree

#: CI's budget; DGDEFS_FUZZ_EXAMPLES=5000 runs a longer, randomized search by hand.
FUZZ_EXAMPLES = int(os.environ.get("DGDEFS_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize="DGDEFS_FUZZ_EXAMPLES" not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ROOT = "proj"
#: Module names a generated project draws from: root, defs package, outside defs.
MODULES = (
    f"{ROOT}",
    f"{ROOT}.definitions",
    f"{ROOT}.defs",
    f"{ROOT}.defs.assets",
    f"{ROOT}.defs.sub.jobs",
    f"{ROOT}.legacy",
    f"{ROOT}.legacy.assets",
    f"{ROOT}.legacy.deep.mod",
)

DAGSTER_MODULES = ("dagster", "dagster_components", "dagster.components", "dagster_dbt")
DAGSTER_NAMES = (
    "asset", "multi_asset", "graph_asset", "graph_multi_asset", "asset_check",
    "multi_asset_check", "job", "op", "graph", "schedule", "sensor", "asset_sensor",
    "run_status_sensor", "AssetSpec", "SourceAsset", "AssetsDefinition", "AssetKey",
    "AssetCheckSpec", "AssetOut", "define_asset_job", "ScheduleDefinition",
    "SensorDefinition", "build_schedule_from_partitioned_job", "load_assets_from_modules",
    "load_assets_from_current_module", "load_asset_checks_from_modules", "map_asset_specs",
    "build_last_update_freshness_checks", "load_defs", "load_from_defs_folder",
    "Definitions", "dbt_assets", "Definitions.merge", "AssetsDefinition.from_graph",
)
ALIASES = ("dg", "dagster", "dgc", "d", "asset", "job", "x", "defs", "_")
IDENTS = ("a", "b", "asset", "job", "dg", "name", "N", "defs", "orders", "_private", "x1")
KEYWORDS = (
    "name", "key", "key_prefix", "group_name", "outs", "specs", "asset", "deps", "job",
    "job_name", "cron_schedule", "selection", "defs_root", "project_root", "assets",
)

ident = st.sampled_from(IDENTS)
alias = st.one_of(st.just("dg"), st.just("dg"), st.sampled_from(ALIASES))
dagster_name = st.sampled_from(DAGSTER_NAMES)
module_name = st.sampled_from(MODULES)
keyword_name = st.sampled_from(KEYWORDS)

#: The first lines of a module: how dagster is usually imported.
PRELUDE = (
    "import dagster as dg",
    "import dagster as dg",
    "import dagster",
    "from dagster import asset, job, define_asset_job, AssetSpec, Definitions",
    "from dagster import asset as a, multi_asset as asset",
    "from dagster import *",
    "import dagster_components as dg",
    "from dagster.components import load_defs, load_from_defs_folder",
    "from dagster_dbt import dbt_assets",
    "import importlib",
)
LEAVES = ("None", "True", "...", "__file__", "__name__", "b'x'", "(1.5j)", "(-3)", "(10**20)")

Draw = Callable[[st.SearchStrategy[Any]], Any]
cached = functools.lru_cache(maxsize=None)  # build each strategy once: building is the cost


@cached
def _ints(top: int) -> st.SearchStrategy[int]:
    return st.integers(0, top)


@cached
def _lists(
    element: st.SearchStrategy[Any], max_size: int, min_size: int = 0
) -> st.SearchStrategy[list[Any]]:
    return st.lists(element, min_size=min_size, max_size=max_size)


PRELUDE_LINE = st.sampled_from(PRELUDE)


@cached
def _pick(options: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(options)


KEYWORD_NAMES = st.lists(keyword_name, max_size=3, unique=True)
PLAIN_DAGSTER_NAME = dagster_name.filter(lambda name: "." not in name)
TEXT = st.text(string.ascii_letters + "_/ -", max_size=8)


@cached
@st.composite
def dagster_ref(draw: Draw) -> str:
    """`dg.asset`, `dagster.AssetsDefinition.from_graph`, or a bare `asset`."""
    name = draw(dagster_name)
    if draw(_ints(3)) == 0 and "." not in name:
        return name
    return f"{draw(alias)}.{name}"


@cached
@st.composite
def expression(draw: Draw, depth: int = 0) -> str:
    """A random expression: mostly names, literals and Dagster references, some nesting."""
    kind = draw(_ints(17 if depth < 2 else 5))
    sub = expression(depth + 1)
    if kind == 0:
        return draw(ident)
    if kind == 1:
        return draw(dagster_ref())
    if kind == 2:
        return repr(draw(TEXT))
    if kind == 3:
        return draw(_pick(LEAVES))
    if kind == 4:
        return f'f"{{{draw(ident)}}}_x"'
    if kind == 5:
        name = draw(ident)
        return f'f"{{{name}!r:>{{{name}}}}}"'
    if kind in (6, 7):
        callee = draw(dagster_ref() if draw(st.booleans()) else sub)
        return f"{callee}({draw(arguments(depth + 1))})"
    if kind == 8:
        return f"{draw(sub)}.{draw(ident)}"
    if kind == 9:
        return f"{draw(sub)}[{draw(sub)}]"
    if kind == 10:
        return f"[{', '.join(draw(_lists(sub, 3)))}]"
    if kind == 11:
        items = draw(_lists(sub, 3))
        return f"({', '.join(items)},)" if items else "()"
    if kind == 12:
        pairs = draw(_lists(_pairs(depth + 1), 3))
        return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    if kind == 13:
        return f"{draw(sub)} + {draw(sub)}"
    if kind == 14:
        return f"({draw(sub)} if {draw(sub)} else {draw(sub)})"
    if kind == 15:
        return f"(lambda dg: {draw(sub)})"
    if kind == 16:
        return f"({draw(ident)} := {draw(sub)})"
    return f"(not {draw(sub)})"


@cached
def _pairs(depth: int) -> st.SearchStrategy[tuple[str, str]]:
    return st.tuples(expression(depth), expression(depth))


@cached
@st.composite
def arguments(draw: Draw, depth: int = 0) -> str:
    """`a, *b, key=c`: positional arguments first, then distinct keywords."""
    positional = draw(_lists(expression(depth), 2))
    if positional and draw(st.booleans()):
        positional[-1] = "*" + positional[-1]
    names = draw(KEYWORD_NAMES)
    return ", ".join([*positional, *(f"{name}={draw(expression(depth))}" for name in names)])


@cached
@st.composite
def decorator(draw: Draw) -> str:
    kind = draw(_ints(4))
    if kind == 0:
        return draw(dagster_ref())
    if kind in (1, 2):
        return f"{draw(dagster_ref())}({draw(arguments())})"
    if kind == 3:
        return draw(expression())  # not a name: `@get()[0].x`, `@(lambda dg: dg)`, ...
    return f"{draw(expression())}({draw(arguments())})"


@cached
@st.composite
def import_line(draw: Draw, module_level: bool) -> str:
    kind = draw(_ints(9))
    dagster_module = draw(_pick(DAGSTER_MODULES))
    if kind == 0:
        return draw(PRELUDE_LINE)
    if kind == 1:
        return f"import {dagster_module} as {draw(alias)}"
    if kind == 2:
        names = draw(_lists(PLAIN_DAGSTER_NAME, 3, 1))
        spelled = [f"{n} as {draw(alias)}" if draw(st.booleans()) else n for n in names]
        return f"from {dagster_module} import {', '.join(spelled)}"
    if kind == 3 and module_level:
        return f"from {draw(_pick(DAGSTER_MODULES + MODULES))} import *"
    if kind == 4:
        return f"import {draw(module_name)}"
    if kind in (5, 9):
        return f"from {draw(module_name)} import {draw(ident)}"
    if kind == 6:
        return f"import {draw(module_name)} as {draw(ident)}"
    dots = "." * (1 + draw(_ints(5)))
    rest = draw(_pick(("", "assets", "defs.assets", "legacy")))
    names = draw(_pick(("*", "a", "assets", "asset as dg") if module_level else ("a",)))
    return f"from {dots}{rest} import {names}" if rest or names != "*" else f"from {dots} import a"


@cached
@st.composite
def simple_statement(draw: Draw, module_level: bool) -> str:
    kind = draw(_ints(12))
    target = draw(_pick(IDENTS + ("a, b", "x.y", "x[0]", "(a, *b)")))
    if kind in (0, 1):
        return draw(import_line(module_level))
    if kind in (2, 3, 4):
        return f"{target} = {draw(dagster_ref())}({draw(arguments())})"
    if kind == 5:
        return f"{target} = {draw(expression())}"
    if kind == 6:
        return f"{draw(ident)}: int = {draw(expression())}"
    if kind == 7:
        return f"{draw(ident)} = {draw(ident)} = {draw(expression())}"
    if kind == 8:
        loader = draw(_pick(("load_defs", "load_from_defs_folder")))
        prefix = draw(_pick(("", "dg.", "dagster.", "dagster.components.")))
        return f"defs = {prefix}{loader}({draw(arguments())})"
    if kind == 9:
        return f"defs = dg.load_defs(importlib.import_module({draw(module_name)!r}))"
    if kind == 10:
        return f"{draw(ident)} = {draw(ident)}"  # aliases and shadowing
    if kind == 11:
        return draw(expression())
    return draw(_pick(("pass", "del a", "x += 1")))


@cached
@st.composite
def statement(draw: Draw, depth: int = 0) -> list[str]:
    """One statement as lines: simple, decorated def / class, or a block around others."""
    kind = draw(_ints(12 if depth < 2 else 5))
    if kind in (0, 1, 2):
        return [draw(simple_statement(module_level=depth == 0))]
    decorators = [f"@{d}" for d in draw(_lists(decorator(), 2, 1))]
    if kind in (3, 4, 5):
        head = draw(_pick(("def", "async def")))
        return [*decorators, f"{head} {draw(ident)}(context) -> None: ..."]
    body = draw(_lists(statement(depth + 1), 2, 1))
    inner = ["    " + line for part in body for line in part]
    if kind in (6, 7):
        head = draw(_pick(("def", "async def")))
        return [*decorators, f"{head} {draw(ident)}(context):", *inner]
    if kind == 8:
        return [*decorators[:1], f"class {draw(ident)}:", *inner]
    if kind == 9:
        test = draw(expression()) if draw(st.booleans()) else '__name__ == "__main__"'
        return [f"if {test}:", *inner, "else:", "    pass"]
    if kind == 10:
        return ["try:", *inner, "except Exception:", "    pass", "finally:", "    pass"]
    if kind == 11:
        return [f"for {draw(ident)} in {draw(expression())}:", *inner]
    return [f"with {draw(expression())} as {draw(ident)}:", *inner]


@cached
@st.composite
def module_source(draw: Draw) -> str:
    lines = list(draw(_lists(PRELUDE_LINE, 3)))
    for part in draw(_lists(statement(), 6)):
        lines.extend(part)
    return "\n".join(lines) + "\n"


#: A project: 1-5 distinct modules, each with a generated source.
project_sources = st.dictionaries(module_name, module_source(), min_size=1, max_size=5)


def _path(name: str, is_package: bool) -> str:
    return name.replace(".", "/") + ("/__init__.py" if is_package else ".py")


def _module(name: str, source: str | bytes) -> ModuleInfo:
    is_package = name in (ROOT, f"{ROOT}.defs", f"{ROOT}.legacy")
    scan = scan_source(source, name, is_package)
    return ModuleInfo(name, _path(name, is_package), is_package, scan)


def _exercise(project: ProjectMap) -> None:
    """Everything the plugin and `list` do with a map: no exception may escape."""
    for name in project.modules:
        for violation in check_module(project, name):
            assert violation.message.startswith("DGD"), violation
            assert violation.line >= 1 and violation.col >= 0, violation
    assert_agreement(project)  # builds the listing too


#: One hand-written project that fires DGD101, DGD102 and DGD201, always run first.
KNOWN_PROJECT = {
    f"{ROOT}.definitions": (
        "import dagster as dg\nfrom proj.legacy import assets\n"
        "defs = dg.Definitions.merge(dg.Definitions(assets=[assets.a]),"
        " dg.load_from_defs_folder(project_root=__file__))\n"
    ),
    f"{ROOT}.legacy.assets": (
        "import dagster as dg\n@dg.asset\ndef a(): ...\n@dg.asset\ndef b(): ...\n"
    ),
    f"{ROOT}.defs.assets": "from proj.legacy.assets import b\n",
}


#: Folders holding a component YAML file -> its `type:` (None: unreadable), as discovery reads.
component_folders = st.dictionaries(
    st.sampled_from([ROOT, f"{ROOT}/defs", f"{ROOT}/defs/sub", f"{ROOT}/legacy", "elsewhere"]),
    st.one_of(
        st.none(),
        st.sampled_from(
            [
                "dagster.DefsFolderComponent",
                "dagster.components.DefsFolderComponent",
                "DefsFolderComponent",
                "dagster_dbt.DbtProjectComponent",
                "dagster.PythonScriptComponent",
                "",
            ]
        ),
        st.text(max_size=12),
    ),
    max_size=3,
)


#: A project's settings: the configured defs package, whether it is pinned, the YAML
#: component folders.
Settings = tuple[str | None, bool, dict[str, str | None]]
project_settings = st.tuples(
    st.sampled_from([None, f"{ROOT}.defs", f"{ROOT}.legacy"]), st.booleans(), component_folders
)


def generated_project(sources: dict[str, str], settings: Settings) -> ProjectMap:
    """The map of generated module sources, with these settings."""
    configured_defs, pinned, components = settings
    modules = [_module(name, source) for name, source in sources.items()]
    return ProjectMap.build(ROOT, configured_defs, modules, pinned, components)


@FUZZ
@given(project_sources, project_settings)
@example(KNOWN_PROJECT, (f"{ROOT}.defs", False, {}))
def test_generated_projects_never_raise(sources: dict[str, str], settings: Settings) -> None:
    project = generated_project(sources, settings)
    _exercise(project)
    # The editor's buffer replaces one module: the map with it must hold up as well.
    name, source = next(iter(sources.items()))
    buffer = ModuleInfo(name, "buffer.py", False, scan_source(source + "\nx = (", name))
    edited = project.with_module(buffer)
    for module in edited.modules:
        check_module(edited, module)


@FUZZ
@given(module_source())
def test_generated_module_scan_agrees_with_tree_scan(source: str) -> None:
    """scan_source never raises; on parsable text it equals scanning the tree (flake8's path)."""
    scan = scan_source(source, f"{ROOT}.legacy.assets")
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        assert scan.error is not None
        return
    assert scan == scan_tree(tree, f"{ROOT}.legacy.assets")


@FUZZ
@given(st.one_of(st.text(), st.binary()), module_name)
def test_arbitrary_text_and_bytes(source: str | bytes, name: str) -> None:
    scan = scan_source(source, name, is_package=name == ROOT)
    project = ProjectMap.build(ROOT, f"{ROOT}.defs", [_module(name, source)])
    assert check_module(project, name) == [] or scan.error is None
    build_listing(project)


@FUZZ
@given(module_source(), st.integers(0, 120))
def test_mutilated_modules(source: str, cut: int) -> None:
    """Half-typed code: a generated module cut anywhere, or with a line dropped, or junk added."""
    for variant in (
        source[: len(source) * cut // 120],
        source.replace("\n", "\n(", 1),
        "\n".join(line for i, line in enumerate(source.splitlines()) if i != cut % 7),
        source + "@dg.asset(",
    ):
        project = ProjectMap.build(ROOT, f"{ROOT}.defs", [_module(f"{ROOT}.legacy.m", variant)])
        check_module(project, f"{ROOT}.legacy.m")


def test_the_explicit_example_reaches_the_cross_module_rules() -> None:
    """KNOWN_PROJECT runs first in every fuzz run: make sure it exercises what it claims."""
    modules = [_module(name, source) for name, source in KNOWN_PROJECT.items()]
    project = ProjectMap.build(ROOT, f"{ROOT}.defs", modules)
    codes = {v.message.split()[0] for name in project.modules for v in check_module(project, name)}
    assert {"DGD101", "DGD102", "DGD201"} <= codes, codes


@FUZZ
@given(module_source())
def test_cached_scans_read_back_exactly(source: str) -> None:
    """What the on-disk cache stores comes back as the very same scan (types included),
    also after many other scans were decoded (the codec shares equal parts between them)."""
    codec = cache.codec()
    assert codec is not None
    scan = scan_source(source, f"{ROOT}.legacy.assets")
    try:
        blob = marshal.dumps(codec.encode(scan))
    except ValueError:  # marshal cannot store it: the cache then stores nothing
        return
    decoded = codec.decode(marshal.loads(blob))
    assert decoded == scan and repr(decoded) == repr(scan)
