"""The load model's verdicts against the real loader, on the realistic testdata/model projects.

tests/test_model_oracle.py proves what Dagster loads for each project (VERDICTS). Here the
rules and `list` must not contradict it:
- a definition a rule calls dropped (DGD301-DGD307) is not among what Dagster loads;
- a rule reports a refusal (DGD202, DGD303, DGD401-DGD404) only when Dagster refuses the
  project, and does so on every refused project but the misses named below;
- `list` shows only what Dagster loads.
The code location is what the model starts from, so only `target` verdicts are compared.
"""

from __future__ import annotations

import pytest

from flake8_dgdefs.checks import check_module
from flake8_dgdefs.discovery import find_project
from flake8_dgdefs.listing import build_listing
from flake8_dgdefs.model import ASSET, ASSET_CHECK, JOB, Definition
from flake8_dgdefs.project_map import ProjectMap
from flake8_dgdefs.session import build_map
from tests.helpers import flake8_lines
from tests.test_agreement import DROPPED, REFUSED
from tests.test_model_oracle import VERDICTS, Verdict, project_dir

#: Refused projects whose reason the model cannot see; the rules stay silent (a miss).
KNOWN_MISSES = {
    # Copies made inside a @definitions function of a walked module are only "possible".
    "nested_legacy_definitions@defs_folder",
    # A resource that is never provided: the model does not follow an asset's resources.
    "resources_elsewhere_unbound",
    # A schedule naming a job by `job_name=` that nothing defines.
    "schedule_brings_job_by_name",
}

TARGET_CASES = sorted(case for case, verdict in VERDICTS.items() if verdict.mode == "target")


def _map(case: str) -> ProjectMap:
    project = find_project(str(project_dir(case) / "_.py"))
    assert project is not None
    return build_map(project)


def _names(verdict: Verdict, definition: Definition) -> frozenset[str]:
    if definition.category == ASSET:
        return verdict.assets
    if definition.category == ASSET_CHECK:
        return verdict.asset_checks
    if definition.category == JOB:
        return verdict.jobs
    return verdict.schedules | verdict.sensors


@pytest.mark.parametrize("case", TARGET_CASES)
def test_the_rules_never_contradict_the_real_loader(case: str) -> None:
    verdict = VERDICTS[case]
    project = _map(case)
    refused = []
    for name, module in project.modules.items():
        at = {(d.line, d.col): d for d in module.scan.definitions}
        at.update({(g.definition.line, g.definition.col): g.definition
                   for g in module.scan.loading.gathered})
        for violation in check_module(project, name):
            code = violation.message.split(" ", 1)[0]
            if code in REFUSED:
                refused.append(violation.message)
            if code not in DROPPED or not verdict.ok:
                continue
            definition = at.get((violation.line, violation.col))
            if definition is None:  # DGD303 / DGD306 sit on other statements
                resource = next(
                    (r for r in module.scan.loading.resources if r.line == violation.line), None
                )
                assert resource is None or resource.binding not in verdict.resources, violation
                continue
            loaded = set(definition.keys) & _names(verdict, definition)
            assert not loaded, f"{violation.message}, but Dagster loads {sorted(loaded)}"
    if verdict.ok:
        assert refused == [], "Dagster loads this project"
    elif case not in KNOWN_MISSES:
        assert refused, f"Dagster refuses this project ({verdict.error}); no rule says so"


@pytest.mark.parametrize("case", [c for c in TARGET_CASES if VERDICTS[c].ok])
def test_list_shows_only_what_the_real_loader_loads(case: str) -> None:
    verdict = VERDICTS[case]
    listing = build_listing(_map(case))
    assert {a.key for a in listing.assets if a.executable or a.source} <= verdict.assets | {None}
    assert {j.name for j in listing.jobs} <= verdict.jobs | {None}
    assert {s.name for s in listing.schedules} <= verdict.schedules | {None}
    assert {s.name for s in listing.sensors} <= verdict.sensors | {None}


#: Projects whose every key and group the scan computes: `list` shows exactly what loads.
EXACT_LISTINGS = [
    "constants_across_modules", "constants_across_modules_tuple", "constants_clash_branches",
    "factories_distinct", "factories_unknown_argument", "definitions_locals",
]


@pytest.mark.parametrize("case", EXACT_LISTINGS)
def test_list_shows_the_keys_and_groups_the_real_loader_computes(case: str) -> None:
    """Keys and groups built from other modules' constants (`settings.PREFIX`, `%`,
    `.format`, subscripts, a star-imported chain, a list comprehension of specs); a value
    set in an if/else stays unresolved rather than guessed."""
    verdict = VERDICTS[case]
    listing = build_listing(_map(case))
    resolved = {a.key: a.group for a in listing.assets if a.key is not None}
    unresolved = [a for a in listing.assets if a.key is None]
    assert verdict.groups is not None
    assert set(resolved.items()) | {(None, a.group) for a in unresolved} == {
        (key if key in resolved else None, group) for key, group in verdict.groups
    }
    assert len(resolved) + len(unresolved) == len(verdict.assets)


def _clash(path: str, later: str, key: str, earlier: str, parts: str) -> str:
    return (
        f"./{path} DGD401 {later} defines asset key '{key}', already defined by {earlier}:"
        f" Dagster fails with `Duplicate asset key: AssetKey({parts})`; rename one of them or"
        " remove the copy"
    )


#: Real flake8 on the clashes the oracle proves (tests/test_model_oracle.py), exactly.
CLASHES = {
    # The key prefix comes from settings/__init__.py, which star-imports regions.py, whose
    # PREFIX is built from common.py's BASE.
    "constants_clash": _clash(
        "src/shopkeys/defs/sales.py:6:1:", "asset 'revenue'", "shop_eu/revenue",
        "asset 'finance_revenue' at shopkeys/defs/finance.py:4", "['shop_eu', 'revenue']",
    ),
    # One factory of lib/factories.py, called for the same region by two defs modules.
    "factories_clash": _clash(
        "src/shopfac/defs/regions.py:4:1:", "asset 'orders_eu'", "shop/orders_eu",
        "asset 'eu_backfill' at shopfac/defs/backfill.py:5", "['shop', 'orders_eu']",
    ),
    # `orders = region_orders(region)` with `region = "eu"` in the @definitions function
    # builds the key defs/regions.py builds.
    "definitions_locals_clash": _clash(
        "src/shoplocal/definitions.py:14:5:", "asset 'shop/orders_eu'", "shop/orders_eu",
        "asset 'orders_eu' at shoplocal/defs/regions.py:5", "['shop', 'orders_eu']",
    ),
}


@pytest.mark.parametrize("case", sorted(CLASHES))
def test_a_clash_the_oracle_proves_is_reported_exactly(case: str) -> None:
    """Their near misses get no line (the agreement test, and the cases below)."""
    assert flake8_lines("--select=DGD", ".", cwd=project_dir(case)) == [CLASHES[case]]


@pytest.mark.parametrize("case", sorted(CLASHES))
def test_an_editor_buffer_of_the_clashing_file_gets_the_same_line(case: str) -> None:
    """The buffer on stdin is scanned again and settled as the map's build settles it:
    a factory's result needs the values its call imports (a one-round settle missed it)."""
    line = CLASHES[case].removeprefix("./")
    name = line.split(":", 1)[0]
    folder = project_dir(case)
    buffer = (folder / name).read_text()
    editor = ["--select=DGD", "--dg-no-cache", "--stdin-display-name", name, "-"]
    assert flake8_lines(*editor, cwd=folder, stdin=buffer) == [line]


@pytest.mark.parametrize("case", ["definitions_locals_branches", "conditional_bindings"])
def test_a_near_miss_of_a_clash_gets_no_line(case: str) -> None:
    assert flake8_lines("--select=DGD", ".", cwd=project_dir(case)) == []


def test_an_input_nothing_produces_gets_no_stub_and_is_named() -> None:
    """Dagster invents a stub for a `deps=` key nothing defines, never for an input: the
    load fails instead (proved above). `list` must not show the stub."""
    listing = build_listing(_map("input_not_produced"))
    keys = {a.key for a in listing.assets}
    assert "raw_orders" not in keys
    assert any("input 'raw_orders' of asset 'stg_orders'" in u.location for u in listing.unseen)
    moved = build_listing(_map("input_not_produced_moved"))
    assert {a.key for a in moved.assets} == {"raw_orders", "raw_refunds", "stg_orders",
                                             "stg_refunds"}
    assert moved.unseen == ()


def test_the_known_misses_are_still_refused_by_dagster() -> None:
    """A miss named above must stay a real refusal (else the name is stale)."""
    for case in KNOWN_MISSES:
        assert case in VERDICTS and not VERDICTS[case].ok, case


def test_a_code_location_without_the_autoloader_is_not_migrating() -> None:
    """Real flake8 on a project that lists everything by hand (all of it loads, proved by
    the oracle): silent by default; --dg-require-autoload reports each definition outside
    defs, as a team starting its migration asks."""
    folder = project_dir("hand_listed_no_autoload")
    assert VERDICTS["hand_listed_no_autoload"].ok
    assert flake8_lines(".", cwd=folder) == []
    opted = flake8_lines("--dg-require-autoload", "shop_pipelines/jobs.py", cwd=folder)
    assert opted == [
        f"shop_pipelines/jobs.py:{line}:1: DGD101 {what} is outside the defs package"
        " shop_pipelines.defs and will not be autoloaded; move shop_pipelines/jobs.py under"
        " shop_pipelines/defs/"
        for line, what in (
            (11, "schedule 'nightly_full_refresh'"),
            (5, "job 'sync_job'"),
            (8, "schedule 'sync_job_schedule'"),
        )
    ]


def test_an_input_nothing_produces_is_a_refusal_when_the_model_sees_everything() -> None:
    """Real flake8 (proved by the oracle): the producer stayed outside defs, the model is
    complete, so DGD405 says Dagster's error; a factory whose key is known only at run time
    might produce the input (it does): silent, and `list` names the input as unresolved."""
    folder = project_dir("input_not_produced")
    assert flake8_lines("--select=DGD405", ".", cwd=folder) == [
        "./src/shop/defs/staging.py:4:1: DGD405 asset 'stg_orders' reads input 'raw_orders',"
        " which no asset that loads produces: Dagster refuses to load the code location with"
        " `Input asset \"[\"raw_orders\"]\" is not produced by any of the provided asset ops"
        " and is not one of the provided sources.`; define or load an asset with key"
        " 'raw_orders' (move it into the defs package), or make it a dependency only"
        " (deps=[\"raw_orders\"]) if another tool produces it"
    ]
    near = _map("input_not_produced_factory")
    assert all(not check_module(near, name) for name in near.modules)
    listing = build_listing(near)
    assert any("input 'raw_orders' of asset 'stg_orders'" in u.location for u in listing.unseen)
    assert listing.problems == ()


def test_a_job_selecting_a_key_nobody_defines_is_a_refusal() -> None:
    """Real flake8 (proved by the oracle): a typo in a literal selection."""
    folder = project_dir("job_selects_missing_key")
    assert flake8_lines("--select=DGD", ".", cwd=folder) == [
        "./src/shop/defs/jobs.py:5:1: DGD406 job 'orders_job' selects 'stg_order', which no"
        " asset that loads defines: Dagster refuses to load the code location with `Failed to"
        " resolve asset job orders_job` (caused by `AssetKey(s) ['stg_order'] were selected,"
        " but no AssetsDefinition objects supply these keys`); fix the key, or load the asset"
        " that defines it"
    ]
