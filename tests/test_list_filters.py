"""`flake8-dgdefs list --assets / --columns / --path / --verbose`, as `dg list defs` has them.

Three layers:
- the parser and the resolution in memory (flake8_dgdefs.selection);
- the same selections resolved by Dagster itself (`AssetSelection.from_string(...).resolve`,
  in a subprocess) on a graph built from the same assets: hand-picked selections, valid
  ones generated from the grammar, and random token soup, compared key for key, errors
  included;
- the real `dg list defs --json --assets/--path` (and `--columns` tables) on testdata
  projects, compared with `flake8-dgdefs list`.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flake8_dgdefs.cli import format_table, main
from flake8_dgdefs.listing import AssetEntry, CheckEntry, JobEntry, Listing, Unresolved
from flake8_dgdefs.selection import (
    And,
    AssetGraph,
    Downstream,
    Everything,
    Group,
    KeyPattern,
    Keys,
    Not,
    Or,
    Owner,
    Scope,
    SelectionError,
    Tag,
    Upstream,
    parse,
    parse_columns,
    restrict,
    select,
)
from tests.test_list_oracle import DG, TESTDATA, _env, compare

# -- a small graph, in the listing's terms ----------------------------------------------------
#: (key, kind of asset, group, deps, kinds, tags, owners). Stubs are added as the listing
#: adds them: `legacy_table` (a dependency) and `ghost` (a checked asset nobody defines).
ASSETS: list[tuple[str, str, str, list[str], list[str], dict[str, str], list[str]]] = [
    ("raw/orders", "materializable", "ingest", [], ["python", "duckdb"], {"tier": "gold"}, []),
    ("raw/customers", "materializable", "ingest", [], ["python"], {}, ["team:data"]),
    ("raw/cleaned", "materializable", "ingest", ["raw/orders"], [], {}, []),
    (
        "sales", "materializable", "marts", ["raw/cleaned", "raw/customers"], [], {"pii": ""},
        ["ann@example.com"],
    ),
    ("revenue", "materializable", "marts", ["sales"], ["pandas"], {}, []),
    ("report", "materializable", "reporting", ["revenue", "legacy_table"], [], {}, []),
    ("events", "external", "external", [], ["s3"], {"tier": "gold"}, ["team:data"]),
    ("clicks", "materializable", "default", ["events"], [], {}, []),
    ("file_drop", "observable", "external", [], [], {}, []),
    ("feed", "materializable", "ingest", ["file_drop"], [], {}, []),
]
CHECKS = [("revenue", "positive"), ("events", "fresh"), ("ghost", "orphan"), ("raw/orders", "rows")]
STUBS = ("legacy_table", "ghost")


def _source(key: str) -> str:
    return f"proj/defs/{key.replace('/', '_')}.py:1"


def small_listing() -> Listing:
    assets = [
        AssetEntry(
            key,
            group,
            tuple(sorted(deps)),
            tuple(sorted(kinds)),
            executable=kind != "external",
            source=_source(key),
            owners=tuple(owners),
            tags=tuple(sorted(tags.items())),
        )
        for key, kind, group, deps, kinds, tags, owners in ASSETS
    ]
    assets.extend(AssetEntry(key, "default", executable=False) for key in STUBS)
    checks = [CheckEntry(f"{a}:{n}", a, n, source=_source(a)) for a, n in CHECKS]
    return Listing(
        assets=tuple(sorted(assets, key=lambda e: e.key or "")),
        asset_checks=tuple(checks),
        jobs=(JobEntry("a_job"),),
    )


OBSERVABLE = frozenset(_source(key) for key, kind, *_ in ASSETS if kind == "observable")


def ours(text: str, listing: Listing | None = None) -> dict[str, list[str]] | None:
    """What `list --assets text` keeps, or None when it refuses the selection."""
    try:
        result = select(listing or small_listing(), text, OBSERVABLE)
    except SelectionError:
        return None
    return {
        "assets": sorted(e.key or "?" for e in result.assets),
        "checks": sorted(c.key or "?" for c in result.asset_checks),
    }


# -- the parser ----------------------------------------------------------------------------------
def test_grammar_forms_parse_as_dagster_builds_them() -> None:
    assert parse("key:raw/orders") == KeyPattern("raw/orders")
    assert parse('key:"a-b c"') == KeyPattern("a-b c")
    assert parse("key : raw/*") == KeyPattern("raw/*")
    assert parse("tag:tier=gold") == Tag("tier", "gold")
    assert parse("tag:pii") == Tag("pii", "")
    assert parse("tag:k=<null>") == Tag("k", "")
    assert parse("tag:k=job") == Tag("k", "job")  # keyword tokens are values too
    assert parse('owner:"team:data"') == Owner("team:data")
    assert parse("group:<null>") == Group(None)
    assert parse("*") == Everything()
    # Traversals: no digits is all the way; both sides are an `or`.
    assert parse("+key:a") == Upstream(KeyPattern("a"), None)
    assert parse("2+key:a+1") == Or(Upstream(KeyPattern("a"), 2), Downstream(KeyPattern("a"), 1))
    # `not` binds tighter than `and`, `and` tighter than `or`.
    assert parse("not key:a and key:b or key:c") == Or(
        And(Not(KeyPattern("a")), KeyPattern("b")), KeyPattern("c")
    )
    assert parse("not (key:a or key:b)") == Not(Or(KeyPattern("a"), KeyPattern("b")))


def test_older_forms_when_the_grammar_fails() -> None:
    assert parse("raw/orders") == Keys(("raw/orders",))
    assert parse(" sales ") == Keys(("sales",))
    assert parse("+sales") == Upstream(Keys(("sales",)), 1)  # one level, unlike `+key:`
    assert parse("sales++") == Downstream(Keys(("sales",)), 2)
    assert parse("*sales") == Upstream(Keys(("sales",)), sys.maxsize)
    assert parse("a*") == Downstream(Keys(("a",)), sys.maxsize)  # a wildcard token: older form
    assert parse("tag:my-key=v 1") == Tag("my-key", "v 1")
    assert parse("tag:<null>") == Tag("<null>", "")  # Dagster's visitor fails on it


@pytest.mark.parametrize(
    "text",
    ["2+sales", "key:*", "key:and", "key:2020_sales", "sales and revenue", "a b", "+*", "**a",
     "group:x*", "is:bogus", "key:a or b", "bogus(", "tag:a=b=c"],
)
def test_selections_dagster_refuses_are_refused(text: str) -> None:
    with pytest.raises(SelectionError):
        parse(text)


def test_attributes_only_known_at_run_time_are_refused_by_name() -> None:
    with pytest.raises(SelectionError, match="status: is not supported"):
        parse("key:a and status:failed")


def test_columns_as_dg_reads_them() -> None:
    assert parse_columns(["group,kinds"]) == ("key", "group", "kinds")
    assert parse_columns(["tag", "is_executable", "name"]) == ("tags", "is_executable", "key")
    assert parse_columns(["DEP"]) == ("key", "deps")
    for bad in (["group, kinds"], ["group", "kinds,deps"], ["owners"]):
        with pytest.raises(SelectionError, match="invalid column"):
            parse_columns(bad)


# -- resolution in memory --------------------------------------------------------------------------
def picked(text: str) -> list[str]:
    result = ours(text)
    assert result is not None, text
    return result["assets"]


def test_resolution_follows_dagster() -> None:
    # `*`, `not`, group/kind/tag and upstream keep only materializable assets.
    assert ours("*") == ours("not key:nothing")
    assert "events" not in picked("tag:tier=gold")
    # external and observable assets are not materializable: nothing is selected, and dg
    # then lists every asset, and no check
    assert ours("group:external") == {"assets": sorted([*(k for k, *_ in ASSETS), *STUBS]),
                                      "checks": []}
    assert picked("+key:report") == [
        "raw/cleaned", "raw/customers", "raw/orders", "report", "revenue", "sales",
    ]
    assert picked("2+key:report") == ["report", "revenue", "sales"]
    # key: and owner: see stubs and external assets; downstream keeps them.
    assert ours("key:legacy_table+") == {"assets": ["legacy_table", "report"], "checks": []}
    assert ours('owner:"team:data"') == {
        "assets": ["events", "raw/customers"], "checks": ["events:fresh"],
    }
    assert picked("kind:<null>") == ["clicks", "feed", "raw/cleaned", "report", "sales"]
    assert picked('tag:"dagster/kind/pandas"') == ["revenue"]
    assert picked("sinks(group:ingest)") == ["feed", "raw/cleaned", "raw/customers"]
    assert picked("roots(key:raw/* or key:sales)") == ["raw/customers", "raw/orders"]
    assert ours("nonexistent") is None  # the older form names keys that must exist


def test_a_selection_lists_only_assets_and_their_checks() -> None:
    result = select(small_listing(), "key:revenue", OBSERVABLE)
    assert [e.key for e in result.assets] == ["revenue"]
    assert [c.key for c in result.asset_checks] == ["revenue:positive"]
    assert result.jobs == () and result.schedules == () and result.sensors == ()


def test_unresolved_values_make_an_asset_possible_not_selected() -> None:
    listing = small_listing()
    where = "proj/defs/x.py:3:5"
    unknown_group = AssetEntry(
        "mystery", None, source="proj/defs/x.py:3", unresolved=(Unresolved("group_name", where),)
    )
    listing = Listing(assets=(*listing.assets, unknown_group), asset_checks=listing.asset_checks)
    result = select(listing, "group:marts", OBSERVABLE)
    assert [e.key for e in result.assets] == ["revenue", "sales"]
    assert [u.location for u in result.unseen] == [
        f"{where}: asset mystery may be selected by --assets (its group_name not known"
        " statically)"
    ]
    # `not` turns "maybe" into "maybe": never into a certain answer.
    result = select(listing, "not group:marts", OBSERVABLE)
    assert "mystery" not in [e.key for e in result.assets]
    assert len(result.unseen) == 1


def test_unknown_dependencies_widen_traversals() -> None:
    graph_listing = small_listing()
    open_entry = AssetEntry(
        "opaque", "default", source="proj/defs/o.py:1",
        unresolved=(Unresolved("dependency_keys", "proj/defs/o.py:1:1"),),
    )
    assets = (*graph_listing.assets, open_entry)
    graph = AssetGraph(assets, lambda e: e.executable)
    down = graph.resolve(parse("key:sales+1"))
    assert down.sure == {"sales", "revenue"} and "opaque" in down.maybe
    up = graph.resolve(parse("+key:opaque"))
    assert up.sure == {"opaque"} and up.maybe >= {"sales", "raw/orders"}


def test_restrict_keeps_the_scope_and_stubs_what_is_defined_elsewhere() -> None:
    scope = Scope(
        "proj/defs/marts.py", "", ("proj.defs.marts",), frozenset({"revenue", "revenue:positive"}),
        frozenset(k for k, *_ in ASSETS),
    )
    result = restrict(small_listing(), scope)
    assert [(e.key, e.executable) for e in result.assets] == [("revenue", True), ("sales", False)]
    assert [c.key for c in result.asset_checks] == ["revenue:positive"]
    assert result.jobs == ()


def test_table_columns_as_given() -> None:
    table = format_table(small_listing(), parse_columns(["tag", "is_executable", "name"]))
    lines = table.splitlines()
    assert lines[:2] == ["Assets", "  Tags           Is executable  Key"]
    assert '  "tier"="gold"  True           raw/orders' in lines
    assert "Asset Checks" in lines and "Jobs" in lines
    default = format_table(small_listing()).splitlines()  # empty columns left out
    assert default[1] == "  Key            Group      Deps           Kinds"


# -- the same selections, resolved by Dagster ----------------------------------------------------
DAGSTER_SIDE = r"""
import json, sys, warnings
warnings.filterwarnings("ignore")
import dagster as dg
from dagster._core.definitions.asset_selection import AssetSelection

data = json.load(sys.stdin)
key = dg.AssetKey.from_user_string
defs = []
for i, (name, kind, group, deps, kinds, tags, owners) in enumerate(data["assets"]):
    spec = dg.AssetSpec(
        key(name), deps=[key(d) for d in deps], group_name=group, kinds=set(kinds),
        tags=tags, owners=owners,
    )
    if kind == "materializable":
        @dg.multi_asset(specs=[spec], name=f"op_{i}")
        def _op():
            pass
        defs.append(_op)
    elif kind == "observable":
        @dg.multi_observable_source_asset(specs=[spec], name=f"obs_{i}")
        def _obs():
            pass
        defs.append(_obs)
    else:
        defs.append(spec)
checks = []
for asset, name in data["checks"]:
    @dg.asset_check(asset=key(asset), name=name)
    def _check():
        pass
    checks.append(_check)
graph = dg.Definitions(assets=defs, asset_checks=checks).resolve_asset_graph()
every = sorted(k.to_user_string() for k in graph.get_all_asset_keys())
out = {}
for text in data["selections"]:
    try:
        selection = AssetSelection.from_string(text)
        selected = selection.resolve(graph)
        checks = selection.resolve_checks(graph)
    except Exception:
        out[text] = None
        continue
    out[text] = {  # as dg list defs lists them: `selected or all`
        "assets": sorted(k.to_user_string() for k in selected) or every,
        "checks": sorted(c.to_user_string() for c in checks),
    }
print(json.dumps(out))
"""

HAND_PICKED = [
    "*", "key:raw/orders", "key:raw/*", 'key:"*s"', "key:*s", "key:legacy_table", "key:ghost",
    "key:nothing", "group:ingest", "group:default", 'group:"*ing*"', "group:<null>",
    "kind:python", "kind:s3", "kind:<null>", "tag:tier=gold", "tag:tier", "tag:pii",
    'tag:"dagster/kind/pandas"', 'owner:"team:data"', 'owner:"ann@example.com"', "owner:<null>",
    "is:external", "is:materializable", "+key:report", "2+key:report", "0+key:report",
    "key:raw/orders+", "key:raw/orders+1", "1+key:sales+1", "+key:clicks", "key:events+",
    "not group:ingest", "not not key:sales", "group:marts and not kind:pandas",
    "(group:marts or group:ingest) and tag:tier=gold", "sinks(*)", "roots(*)",
    "sinks(group:ingest)", "roots(key:raw/* or key:sales)", "+sinks(group:ingest)",
    "raw/orders", "sales", "+sales", "++report", "*report", "report*", "sales+*", "*sales+",
    "legacy_table+", "nonexistent", "tag:tier=gold", "tag:my-key", "tag:a=b=c", "2+sales",
    "key:and", "sales and revenue", "", " ", "tag:<null>", "tag:<null>=x", "is:bogus",
]
ATOMS = [
    "key:raw/orders", "key:raw/*", "key:*s", "key:legacy_table", "key:ghost", "key:nothing",
    "group:ingest", "group:marts", 'group:"*al*"', "group:<null>", "group:default",
    "group:external", "kind:python", "kind:s3", "kind:<null>", "tag:tier=gold", "tag:tier",
    "tag:pii", 'tag:"dagster/kind/pandas"', 'owner:"team:data"', 'owner:"ann@example.com"',
    "is:external", "is:materializable", "*",
]
SOUP = [
    "key", "group", "tag", "kind", "owner", "is", ":", "=", "sales", "raw/orders", "raw/*",
    "*", "+", "2", "(", ")", " ", " and ", " or ", "not ", '"', "<null>", "sinks", "-", ",",
    "gold", "tier", "external",
]


def _generated(rng: random.Random, depth: int) -> str:
    roll = rng.random()
    if depth == 0 or roll < 0.3:
        atom = rng.choice(ATOMS)
        if atom == "*":
            return atom
        return rng.choice(["", "", "+", "1+", "2+"]) + atom + rng.choice(["", "", "+", "+1"])
    if roll < 0.45:
        return "not " + _generated(rng, depth - 1)
    if roll < 0.6:
        return f"({_generated(rng, depth - 1)})" + rng.choice(["", "+", "+2"])
    if roll < 0.67:
        return f"{rng.choice(['sinks', 'roots'])}({_generated(rng, depth - 1)})"
    operator = rng.choice([" and ", " or "])
    return _generated(rng, depth - 1) + operator + _generated(rng, depth - 1)


def corpus() -> list[str]:
    rng = random.Random(20240611)
    generated = [_generated(rng, 3) for _ in range(300)]
    soup = ["".join(rng.choice(SOUP) for _ in range(rng.randint(1, 6))) for _ in range(300)]
    return list(dict.fromkeys([*HAND_PICKED, *generated, *soup]))


def dagster_resolves(selections: list[str]) -> dict[str, Any]:
    data = {"assets": ASSETS, "checks": CHECKS, "selections": selections}
    result = subprocess.run(
        [sys.executable, "-c", DAGSTER_SIDE],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        env=dict(os.environ, DAGSTER_HOME="", DAGSTER_DISABLE_TELEMETRY="1"),
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    resolved: dict[str, Any] = json.loads(result.stdout)
    return resolved


def test_selections_resolve_as_dagster_resolves_them() -> None:
    selections = [s for s in corpus() if s]  # dg ignores an empty --assets
    theirs = dagster_resolves(selections)
    different = {
        text: (theirs[text], ours(text)) for text in selections if theirs[text] != ours(text)
    }
    assert different == {}
    # The corpus exercises both sides: valid selections, refused ones, and the fallback.
    assert sum(v is None for v in theirs.values()) > 50
    assert sum(v is not None for v in theirs.values()) > 300


# -- the real `dg list defs` on testdata projects ------------------------------------------------
def _copy(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    copy = tmp_path_factory.mktemp("filters") / name
    shutil.copytree(TESTDATA / "list" / name, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy(tmp_path_factory, "catalog")


@pytest.fixture(scope="module")
def patterns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy(tmp_path_factory, "patterns")


def dg(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`dg list defs ARGS` run in the project folder (so `--path` is relative to it)."""
    return subprocess.run(
        [str(DG), "list", "defs", *args],
        cwd=project,
        env=dict(_env(project), COLUMNS="250"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def flake8_dgdefs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flake8_dgdefs", "list", ".", *args],
        cwd=project,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def both_json(project: Path, *args: str) -> tuple[dict[str, Any], dict[str, Any]]:
    real = dg(project, "--json", *args)
    assert real.returncode == 0, real.stderr[-2000:]
    mine = flake8_dgdefs(project, "--json", *args)
    assert "Traceback" not in mine.stderr and mine.returncode == 0, mine.stderr
    return json.loads(real.stdout), json.loads(mine.stdout)


def names(data: dict[str, Any]) -> dict[str, list[str]]:
    fields = {"assets": "asset_key", "asset_checks": "key", "jobs": "name",
              "schedules": "name", "sensors": "name"}
    return {section: sorted(e[field] for e in data.get(section, [])) for section, field
            in fields.items()}


CATALOG_SELECTIONS = [
    # up all the way (stubs and external assets left out), down from a stub
    "+key:daily_revenue or key:legacy_warehouse_table+",
    '(group:marts and not kind:pandas) or tag:tier=gold or owner:"team:analytics"',
    'kind:s3 or tag:"dagster/kind/pandas" or key:raw/* and not kind:duckdb',
    "raw/orders+",  # the older syntax: one level down
    "key:nothing_of_the_kind",  # selects nothing: dg lists every asset, no check
]


@pytest.mark.parametrize("selection", CATALOG_SELECTIONS)
def test_assets_selection_matches_dg_on_catalog(catalog: Path, selection: str) -> None:
    real, mine = both_json(catalog, "--assets", selection)
    assert names(mine) == names(real)
    assert compare(real, mine)[2] == []  # and every field of what is kept


@pytest.mark.parametrize(
    "selection", ["group:external or group:crm", "sinks(key:crm/* or key:sales/*)+1"]
)
def test_assets_selection_matches_dg_on_patterns(patterns: Path, selection: str) -> None:
    # group:external holds an observable source asset and an external spec: neither is
    # materializable, neither is selected.
    real, mine = both_json(patterns, "--assets", selection)
    assert names(mine) == names(real)
    assert compare(real, mine)[2] == []


@pytest.mark.parametrize(
    "project, args",
    [
        ("catalog", ["--path", "catalog/defs/marts.py"]),  # imported assets, stubs
        ("catalog", ["--path", "catalog/defs/raw.py", "--assets", "key:raw/*+"]),
        ("patterns", ["--path", "patterns/defs/sub"]),
    ],
)
def test_path_matches_dg(
    catalog: Path, patterns: Path, project: str, args: list[str]
) -> None:
    real, mine = both_json(catalog if project == "catalog" else patterns, *args)
    assert names(mine) == names(real)
    assert compare(real, mine)[2] == []


def test_path_outside_the_defs_folder_is_refused_as_dg_refuses_it(catalog: Path) -> None:
    real = dg(catalog, "--path", "catalog")
    assert real.returncode != 0 and "No definitions found for loc" in real.stderr
    mine = flake8_dgdefs(catalog, "--path", "catalog")
    assert mine.returncode == 2 and mine.stdout == ""
    assert mine.stderr == (
        f"flake8-dgdefs: --path: Unable to load definitions at {os.path.realpath(catalog)}"
        f"/catalog: No definitions found for loc {os.path.realpath(catalog)}/catalog\n"
    )


def _dg_table(text: str) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The sections of dg's rich table: header and rows (multi-line cells joined)."""
    sections: dict[str, tuple[list[str], list[list[str]]]] = {}
    title = ""
    row: list[list[str]] = []
    for line in text.splitlines():
        parts = line.split("│")
        if len(parts) < 4:
            continue
        title = parts[1].strip() or title
        inner = "│".join(parts[2:-1]).strip()
        if inner.startswith("┃"):
            sections[title] = ([c.strip() for c in inner.strip("┃").split("┃")], [])
        elif inner.startswith("│"):
            cells = [c.strip() for c in inner.strip("│").split("│")]
            row = [[*old, new] if new else old for old, new in zip(row, cells)] if row else [
                [c] if c else [] for c in cells
            ]
        elif inner.startswith(("├", "└")) and row:
            sections[title][1].append(["\n".join(cell) for cell in row])
            row = []
    return sections


def _our_table(text: str) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The same from our plain table: columns are cut at the widths of the dashes line."""
    sections: dict[str, tuple[list[str], list[list[str]]]] = {}
    for block in text.strip("\n").split("\n\n"):
        title, header, dashes, *lines = block.splitlines()
        spans = [m.span() for m in re.finditer("-+", dashes)]

        def cut(line: str) -> list[str]:
            return [line[a:b + 2].strip() for a, b in spans]

        rows: list[list[list[str]]] = []
        key = cut(header).index("Key") if "Key" in cut(header) else 0
        for line in lines:
            cells = cut(line)
            if cells[key] or not rows:  # a line without a key continues the row above
                rows.append([[c] if c else [] for c in cells])
            else:
                rows[-1] = [[*old, new] if new else old for old, new in zip(rows[-1], cells)]
        sections[title] = (cut(header), [["\n".join(c) for c in r] for r in rows])
    return sections


@pytest.mark.parametrize("columns", [["tag,is_executable,name"], ["-c", "group", "-c", "deps"]])
def test_columns_match_dg_tables(catalog: Path, columns: list[str]) -> None:
    args = ["-c", *columns] if columns[0] != "-c" else columns
    real = dg(catalog, *args)
    assert real.returncode == 0, real.stderr[-2000:]
    mine = flake8_dgdefs(catalog, *args)
    assert mine.returncode == 0, mine.stderr
    assert _our_table(mine.stdout) == _dg_table(real.stdout)


def test_bad_arguments_are_one_line_and_exit_2(catalog: Path) -> None:
    cases = {
        ("--assets", "2+daily_revenue"): "--assets: invalid selection string: 2+daily_revenue",
        ("--assets", "nothing"): "--assets: AssetKey(s) ['nothing'] were selected",
        ("--assets", "status:failed"): "--assets: status: is not supported",
        ("--columns", "group, kinds"): "--columns: invalid column ' kinds'",
        ("--json", "--columns", "group"): "Cannot use --columns with --json",
        ("--path", "nowhere.py"): "--path: Unable to load definitions at",
    }
    for args, message in cases.items():
        result = flake8_dgdefs(catalog, *args)
        assert result.returncode == 2 and result.stdout == "", (args, result)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"flake8-dgdefs: {message}"), lines


def test_notes_only_with_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    project = str(TESTDATA / "projects" / "not_dagster")
    note = "flake8-dgdefs: note: no defs package and no code location target module found\n"
    assert main(["list", project]) == 0
    assert capsys.readouterr().err == ""
    assert main(["list", project, "--verbose"]) == 0
    assert capsys.readouterr().err == note
