"""Ground truth for the load model of issue 9: small projects, each proved by the real loader.

Every project lives in ``testdata/model/<case>/`` (README.md there says what each shows).
``VERDICTS`` maps a case name to what Dagster's own loader does with that project in one
oracle mode: either it loads, and then exactly these asset keys, asset checks, jobs,
schedules, sensors, top-level resources (and, where given, these asset groups) come out;
or it fails with an error matching a regex. The tests below run the oracle
(tests/oracle/load_project.py) on every case and assert the verdict exactly, so a verdict
that Dagster does not bear out fails here. Other tests import the table::

    from tests.test_model_oracle import VERDICTS, project_dir

A case's project is ``testdata/model/<case>`` unless its verdict names another folder in
``project`` (one folder loaded in two modes gives two cases).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import TESTDATA
from tests.oracle import oracle_pool

#: Where the projects of this table live.
MODEL = TESTDATA / "model"
MODES = ("target", "load_defs", "load_from_defs_folder")


@dataclass(frozen=True)
class Verdict:
    """What the real loader does with one project in one oracle mode."""

    mode: str  # "target", "load_defs" or "load_from_defs_folder"
    ok: bool
    error: str = ""  # not ok: a regex that the error, or an error it wraps, matches
    assets: frozenset[str] = frozenset()  # asset keys, `a/b` for multi-part keys
    jobs: frozenset[str] = frozenset()  # without Dagster's implicit __ASSET_JOB
    schedules: frozenset[str] = frozenset()
    sensors: frozenset[str] = frozenset()
    asset_checks: frozenset[str] = frozenset()  # `asset_key:check_name`
    resources: frozenset[str] = frozenset()  # keys of the top-level resources
    stub_assets: frozenset[str] = frozenset()  # keys only named as a dependency
    groups: frozenset[tuple[str, str]] | None = None  # (asset key, group); None: unchecked
    project: str = ""  # folder under testdata/model when it is not the case name


def loads(
    mode: str,
    *,
    assets: Iterable[str] = (),
    jobs: Iterable[str] = (),
    schedules: Iterable[str] = (),
    sensors: Iterable[str] = (),
    asset_checks: Iterable[str] = (),
    resources: Iterable[str] = (),
    stub_assets: Iterable[str] = (),
    groups: dict[str, str] | None = None,
    project: str = "",
) -> Verdict:
    """Dagster loads the project: exactly these definitions."""
    return Verdict(
        mode=mode,
        ok=True,
        assets=frozenset(assets),
        jobs=frozenset(jobs),
        schedules=frozenset(schedules),
        sensors=frozenset(sensors),
        asset_checks=frozenset(asset_checks),
        resources=frozenset(resources),
        stub_assets=frozenset(stub_assets),
        groups=None if groups is None else frozenset(groups.items()),
        project=project,
    )


def fails(mode: str, error: str, *, project: str = "") -> Verdict:
    """Dagster refuses the project with an error matching the regex ``error``."""
    return Verdict(mode=mode, ok=False, error=error, project=project)


GUIDE_ASSETS = ("customers_table", "my_analytics_asset", "orders_table", "products_table")

VERDICTS: dict[str, Verdict] = {
    # 1. Only the code location's defs load; the course's completed/lesson_2 (its own
    #    load_defs call, an asset with the same key `trips`) plays no part.
    "lesson_load_defs": loads(
        "target",
        assets=["trips", "trips_by_week", "zones"],
        jobs=["trips_job"],
        schedules=["trips_job_schedule"],
    ),
    # 2. definitions.py lists everything by hand and never calls an autoloader: all of it
    #    loads; experimental.py, listed nowhere, does not (basket_affinity, basket_job).
    "hand_listed_no_autoload": loads(
        "target",
        assets=["churn_report", "customer_lifetime_value", "shopify/customers", "shopify/orders"],
        asset_checks=["churn_report:churn_report_not_empty"],
        jobs=["sync_job"],
        schedules=["nightly_full_refresh", "sync_job_schedule"],
        sensors=["new_export_sensor"],
    ),
    "hand_listed_no_autoload_src": loads(
        "target",
        assets=["churn_report", "customer_lifetime_value", "shopify/customers", "shopify/orders"],
        asset_checks=["churn_report:churn_report_not_empty"],
        jobs=["sync_job"],
        schedules=["nightly_full_refresh", "sync_job_schedule"],
        sensors=["new_export_sensor"],
    ),
    # The same project through the autoloader alone: its defs package is empty.
    "hand_listed_no_autoload@defs_folder": loads(
        "load_from_defs_folder", project="hand_listed_no_autoload"
    ),
    # 3. A @definitions function returning only a schedule brings the schedule's job;
    #    refunds_job, referenced by nothing returned, is dropped.
    "schedule_brings_job": loads(
        "target",
        assets=["fulfillment/orders", "fulfillment/refunds"],
        jobs=["orders_job"],
        schedules=["orders_daily"],
    ),
    "schedule_brings_job_sensor": loads(
        "target",
        assets=["fulfillment/orders", "fulfillment/refunds"],
        jobs=["orders_job"],
        sensors=["new_orders_sensor"],
    ),
    # Near miss: `job_name="orders_job"` (a string) brings nothing.
    "schedule_brings_job_by_name": fails(
        "target",
        r'ScheduleDefinition "orders_daily" targets job "orders_job" which was not found',
    ),
    # 4. Legacy load_defs: defs/sales/definitions.py copies its sibling orders.py's assets
    #    with load_assets_from_modules, and they load; refunds.py beside it does not.
    "nested_legacy_definitions": loads(
        "target",
        assets=["daily_sales", "raw_orders", "stock_levels"],
        groups={"daily_sales": "sales", "raw_orders": "sales", "stock_levels": "default"},
    ),
    "nested_legacy_definitions@load_defs": loads(
        "load_defs",
        assets=["daily_sales", "raw_orders", "stock_levels"],
        project="nested_legacy_definitions",
    ),
    # load_from_defs_folder walks orders.py too: originals and copies collide.
    "nested_legacy_definitions@defs_folder": fails(
        "load_from_defs_folder",
        r"Duplicate asset key: AssetKey\(\['daily_sales'\]\)",
        project="nested_legacy_definitions",
    ),
    # 5. A resource object bound in one defs module and passed to Definitions(resources=...)
    #    by a @definitions function in another: it loads, and the asset needing it too.
    "resources_elsewhere": loads(
        "target", assets=["general_ledger", "trial_balance"], resources=["warehouse"]
    ),
    # Near miss: the module-level resource object alone binds nothing.
    "resources_elsewhere_unbound": fails(
        "target",
        r"resource with key 'warehouse' required by op 'general_ledger' was not provided",
    ),
    # 6. The guide's elt/assets.py copied (not moved) into defs/elt/ while definitions.py
    #    still copies the old module with load_assets_from_modules.
    "copied_not_moved": fails(
        "target", r"Duplicate asset key: AssetKey\(\['customers_table'\]\)"
    ),
    # Near miss: moved (old file gone, its import dropped).
    "copied_not_moved_moved": loads(
        "target",
        assets=GUIDE_ASSETS,
        jobs=["regenerate_analytics_job", "sync_tables_job"],
        schedules=["regenerate_analytics_job_schedule", "sync_tables_job_schedule"],
    ),
    # 7. Objects imported through a star re-export chain and hand-listed next to the
    #    autoloader are the same objects: one of each loads.
    "star_reexport_chain": loads(
        "target",
        assets=["catalog_feed_csv", "raw_orders", "raw_products", "stg_orders", "stg_products"],
    ),
    # Near miss: load_assets_from_modules over the package at the middle of the chain.
    "star_reexport_chain_copies": fails(
        "target", r"Duplicate asset key: AssetKey\(\['raw_orders'\]\)"
    ),
    # 8. Keys and groups computed from constants of settings.py (attribute, from-import,
    #    `import a.b as c`, f-string in a list comprehension, `%`, `+`, `.format`, subscripts).
    "constants_across_modules": loads(
        "target",
        assets=[
            "raw_orders", "raw_refunds", "shop/refunds/eu_summary", "shop/revenue", "shop_margin"
        ],
        groups={
            "raw_orders": "sales",
            "raw_refunds": "sales",
            "shop/refunds/eu_summary": "default",
            "shop/revenue": "sales",
            "shop_margin": "sales_finance",
        },
    ),
    # Near miss: the specs bound to a tuple are not collected.
    "constants_across_modules_tuple": loads(
        "target",
        assets=["shop/refunds/eu_summary", "shop/revenue", "shop_margin"],
        groups={
            "shop/refunds/eu_summary": "default",
            "shop/revenue": "sales",
            "shop_margin": "sales_finance",
        },
    ),
    # A key prefix from a settings package that star-imports a module whose constant is
    # built from a third module's: the chain is followed, and the keys clash.
    "constants_clash": fails(
        "target", r"Duplicate asset key: AssetKey\(\['shop_eu', 'revenue'\]\)"
    ),
    # Near miss: the prefix is set in an if/else on the environment, so no value is certain
    # (Dagster, without SHOP_REGION, takes the other branch): no clash may be claimed.
    "constants_clash_branches": loads(
        "target",
        assets=["shop_eu/revenue", "shop_us/revenue"],
        groups={"shop_eu/revenue": "default", "shop_us/revenue": "shop_sales"},
    ),
    # Factories (issue 10, item 2): `region_orders("eu")` in one defs module and
    # `factories.region_orders("eu", group="backfill")` in another build one key twice; the
    # factory lives outside defs and takes its prefix and default group from settings.
    "factories_clash": fails(
        "target", r"Duplicate asset key: AssetKey\(\['shop', 'orders_eu'\]\)"
    ),
    # Near miss: another region. With factories of specs (in a comprehension), of a job, a
    # local factory of a schedule given that job, and definitions built inside the code
    # location's Definitions (a comprehension of specs, a job).
    "factories_distinct": loads(
        "target",
        assets=[
            "raw/customers", "raw/orders", "raw/payments", "sheet_budget", "sheet_forecast",
            "shop/orders_apac", "shop/orders_eu", "shop/orders_us",
        ],
        jobs=["eu_orders_job", "regions_job"],
        schedules=["eu_orders_job_schedule"],
        groups={
            "raw/customers": "raw", "raw/orders": "raw", "raw/payments": "raw",
            "sheet_budget": "sheets", "sheet_forecast": "sheets", "shop/orders_apac": "backfill",
            "shop/orders_eu": "sales", "shop/orders_us": "sales",
        },
    ),
    # Near miss: the region comes from the environment (Dagster, without it, builds
    # `shop/orders_apac`): its key stays unresolved and no clash may be claimed.
    "factories_unknown_argument": loads(
        "target",
        assets=["shop/orders_apac", "shop/orders_eu", "shop/orders_us"],
        groups={
            "shop/orders_apac": "backfill", "shop/orders_eu": "sales", "shop/orders_us": "sales"
        },
    ),
    # Locals of the @definitions function (issue 9): a factory called with a local region,
    # a spec keyed, tagged and grouped from locals and settings, a comprehension of specs, a
    # job and its schedule, a job reached only through an inline schedule's `job=`; the
    # module's own `region` is hidden by the function's.
    "definitions_locals": loads(
        "target",
        assets=[
            "raw_payments", "sheet_budget", "sheet_forecast", "shop/orders_eu",
            "shop_eu_refunds", "weekly_report",
        ],
        jobs=["nightly_eu", "weekly_reporting"],
        schedules=["nightly_eu_schedule", "weekly_reporting_schedule"],
        groups={
            "raw_payments": "raw", "sheet_budget": "sheets", "sheet_forecast": "sheets",
            "shop/orders_eu": "sales", "shop_eu_refunds": "sales", "weekly_report": "reporting",
        },
    ),
    # Near miss: the region set in an if/else (Dagster, without SHOP_REGION, takes `eu`)
    # and a spec bound twice: no value may be assumed, not even the module's `region`.
    "definitions_locals_branches": loads(
        "target",
        assets=["raw_payments", "shop/orders_eu", "shop_refunds"],
        groups={"raw_payments": "raw", "shop/orders_eu": "sales", "shop_refunds": "sales"},
    ),
    # A local of the @definitions function builds the key defs/regions.py builds too.
    "definitions_locals_clash": fails(
        "target", r"Duplicate asset key: AssetKey\(\['shop', 'orders_eu'\]\)"
    ),
    # Near miss: a spec bound in an if/else on a setting read at load time, and a factory
    # that rebinds its spec in an `if`; either value may be the attribute, so neither key
    # is counted (the model took the last binding and reported two false DGD401).
    "conditional_bindings": loads(
        "target",
        assets=[
            "refund_rate", "shop/orders_eu", "shop/orders_us", "shop/refunds_eu",
            "shop/refunds_us",
        ],
        groups={
            "refund_rate": "sales", "shop/orders_eu": "sales", "shop/orders_us": "us",
            "shop/refunds_eu": "sales", "shop/refunds_us": "us",
        },
    ),
    # An asset input (a parameter) whose producer stayed outside defs: Dagster refuses the
    # load rather than invent a stub, as it does for `deps=`.
    "input_not_produced": fails(
        "target", r'Input asset "\["raw_orders"\]" is not produced by any of the provided'
    ),
    # Near miss: the producer moved into defs too; `deps=["raw_refunds"]` gets a stub.
    "input_not_produced_moved": loads(
        "target",
        assets=["raw_orders", "stg_orders", "stg_refunds"],
        stub_assets=["raw_refunds"],
        groups={"raw_orders": "staging", "stg_orders": "staging", "stg_refunds": "staging"},
    ),
    # Near miss: the producer is built by a factory whose key is only known at run time
    # (an environment variable): the model cannot see it, the rule stays silent.
    "input_not_produced_factory": loads(
        "target",
        assets=["raw_orders", "stg_orders"],
        groups={"raw_orders": "staging", "stg_orders": "staging"},
    ),
    # A define_asset_job selecting a literal key that no loaded asset defines (a typo).
    "job_selects_missing_key": fails(
        "target",
        r"AssetKey\(s\) \['stg_order'\] were selected, but no AssetsDefinition objects",
    ),
    # Parameters annotated with the project's resource classes (a subclass of one too) are
    # resources, not inputs; the resources are typed by the classes the project defines.
    "resource_parameters": loads(
        "target",
        assets=["order_report", "raw_orders"],
        resources=["store", "warehouse"],
    ),
    # 9. Wrappers hand their contents to Definitions: copies of legacy modules and a spec
    #    from outside defs load next to the autoloader's definitions.
    "wrappers": loads(
        "target",
        assets=["ad_platform_export", "attribution_model", "campaign_clicks", "campaign_spend"],
        jobs=["attribution_job"],
        groups={
            "ad_platform_export": "default",
            "attribution_model": "default",
            "campaign_clicks": "marketing",
            "campaign_spend": "marketing",
        },
    ),
    # link_code_references_to_git(with_source_code_references([...])) in a @definitions
    # function (dagster has no link_code_references_to_git_if_cloud: dagster-cloud has).
    "wrappers_git": loads(
        "target",
        assets=["ad_platform_export", "attribution_model", "campaign_clicks", "campaign_spend"],
        jobs=["attribution_job"],
    ),
    # Near miss: the wrapper returns NEW objects; wrapping an asset that defs also loads
    # collides with it.
    "wrappers_rewrap_defs": fails(
        "target", r"Duplicate asset key: AssetKey\(\['attribution_model'\]\)"
    ),
    # 10. Under a YAML DefsFolderComponent one asset reached through two modules is two
    #     objects; the YAML may sit in the folder or in one above it.
    "defs_folder_component_rebuilds": fails(
        "target", r"Duplicate asset key: AssetKey\(\['daily_revenue'\]\)"
    ),
    "defs_folder_component_rebuilds@load_defs": fails(
        "load_defs",
        r"Duplicate asset key: AssetKey\(\['daily_revenue'\]\)",
        project="defs_folder_component_rebuilds",
    ),
    "defs_folder_component_rebuilds_above": fails(
        "target", r"Duplicate asset key: AssetKey\(\['daily_revenue'\]\)"
    ),
    # Near miss: no YAML, the same tree loads.
    "defs_folder_component_rebuilds_no_yaml": loads(
        "target",
        assets=["daily_revenue", "raw_payments", "revenue_dashboard"],
        groups={
            "daily_revenue": "reporting",
            "raw_payments": "default",
            "revenue_dashboard": "reporting",
        },
    ),
    # 11. A DefinitionsComponent loads the Definitions object of its file, with the asset
    #     it imports from a sibling; the sibling's other definitions (credit_notes,
    #     credit_notes_job) and the other sibling (ledger.py) are not loaded.
    "definitions_component": loads(
        "target",
        assets=["customer_accounts", "invoices"],
        jobs=["invoicing_job"],
        schedules=["invoicing_job_schedule"],
    ),
    # Near miss: without the YAML every file of the folder loads.
    "definitions_component_no_yaml": loads(
        "target",
        assets=["credit_notes", "customer_accounts", "invoices", "ledger_entries"],
        jobs=["credit_notes_job", "invoicing_job"],
        schedules=["invoicing_job_schedule"],
    ),
    # 12. After fixture trees of dagster's own tests (dagster_tests/components_tests/
    #     integration_tests/integration_test_defs/definitions/, test_definitions_autoload.py).
    # special_names_at_levels: under load_defs a definitions.py ends its folder's walk
    # (neighbours.py and nested/ are skipped); component.py does not (plain.py loads).
    "conformance_keyword_levels": loads(
        "load_defs",
        assets=["beside_component_py", "built_by_component", "from_keyword_file", "heartbeat"],
    ),
    "conformance_keyword_levels@defs_folder": loads(
        "load_from_defs_folder",
        assets=[
            "below_keyword_file",
            "beside_component_py",
            "built_by_component",
            "from_keyword_file",
            "heartbeat",
            "neighbour_one",
            "neighbour_two",
        ],
        project="conformance_keyword_levels",
    ),
    # explicit_file_relative_imports_complex: the keyword file's import from a subpackage
    # loads; extra.py beside it does not (legacy), does under load_from_defs_folder.
    "conformance_keyword_imports": loads(
        "load_defs", assets=["shared_calendar", "weekly_report"]
    ),
    "conformance_keyword_imports@defs_folder": loads(
        "load_from_defs_folder",
        assets=["ad_hoc_report", "shared_calendar", "weekly_report"],
        project="conformance_keyword_imports",
    ),
    # definitions_object_relative_imports: only what the Definitions object lists.
    "conformance_definitions_object": loads(
        "load_from_defs_folder", assets=["first_pick", "second_pick"]
    ),
    # definitions_object_multiple: two Definitions objects in one module.
    "conformance_multiple_definitions": fails(
        "load_from_defs_folder", r"Found multiple Definitions objects in .*bundles\.py"
    ),
    # Near miss: one Definitions object takes over the file (the list of `south` is dropped).
    "conformance_multiple_definitions_one": loads("load_from_defs_folder", assets=["north"]),
    # both_python_defs_and_components: plain assets and a @component_instance in one module.
    "conformance_component_instance": loads(
        "load_from_defs_folder", assets=["component_asset", "plain_asset"]
    ),
}


def project_dir(case: str) -> Path:
    """The project folder of a case of ``VERDICTS``."""
    return MODEL / (VERDICTS[case].project or case)


def disagreement(verdict: Verdict, report: dict[str, Any]) -> str:
    """Why the oracle's report contradicts the verdict; empty when it bears it out."""
    if not verdict.ok:
        if report["ok"]:
            return "Dagster loaded the project"
        errors = [report["error"], *report.get("causes", [])]
        if any(re.search(verdict.error, error) for error in errors):
            return ""
        return f"Dagster failed otherwise: {errors}"
    if not report["ok"]:
        return f"Dagster failed: {report['error_type']}: {report['error']} {report.get('causes')}"
    wrong = []
    for kind in ("assets", "asset_checks", "jobs", "schedules", "sensors", "resources"):
        expected: frozenset[str] = getattr(verdict, kind)
        loaded = set(report[kind])
        if loaded != expected:
            wrong.append(
                f"{kind}: also loaded {sorted(loaded - expected)}, "
                f"missing {sorted(expected - loaded)}"
            )
    if set(report["stub_assets"]) != verdict.stub_assets:
        wrong.append(f"stub_assets: {sorted(report['stub_assets'])}")
    if verdict.groups is not None and set(report["asset_groups"].items()) != verdict.groups:
        wrong.append(f"asset_groups: {report['asset_groups']}")
    return "; ".join(wrong)


@pytest.fixture(scope="module")
def oracle_reports(request: pytest.FixtureRequest) -> Iterator[dict[str, Future[Any]]]:
    """The oracle's report of every selected case, started at once in a few subprocesses."""
    with oracle_pool(request, lambda case: (project_dir(case), VERDICTS[case].mode)) as reports:
        yield reports


@pytest.mark.parametrize("case", sorted(VERDICTS))
def test_the_real_loader_bears_out_the_verdict(
    case: str, oracle_reports: dict[str, Future[Any]]
) -> None:
    report = oracle_reports[case].result()
    assert disagreement(VERDICTS[case], report) == "", report


def test_every_project_has_a_verdict_and_every_verdict_a_project() -> None:
    projects = {path.name for path in MODEL.iterdir() if (path / "pyproject.toml").is_file()}
    named = {verdict.project or case for case, verdict in VERDICTS.items()}
    assert projects == named
    for case, verdict in VERDICTS.items():
        assert verdict.mode in MODES, case
        assert verdict.ok == (verdict.error == ""), case
        if verdict.project:
            assert "@" in case and case.split("@")[0] == verdict.project, case


def test_the_comparison_rejects_what_the_loader_did_not_do() -> None:
    """The check above can fail: a missing, an extra or a wrongly grouped definition, a
    load where a failure was claimed and a failure of another kind are all rejected."""
    verdict = loads("target", assets=["a"], jobs=["j"], groups={"a": "g"})
    report: dict[str, Any] = {
        "ok": True,
        "assets": ["a"],
        "asset_checks": [],
        "jobs": ["j"],
        "schedules": [],
        "sensors": [],
        "resources": [],
        "stub_assets": [],
        "asset_groups": {"a": "g"},
    }
    assert disagreement(verdict, report) == ""
    assert "missing ['j']" in disagreement(verdict, {**report, "jobs": []})
    assert "also loaded ['b']" in disagreement(verdict, {**report, "assets": ["a", "b"]})
    assert "resources" in disagreement(verdict, {**report, "resources": ["warehouse"]})
    assert "asset_groups" in disagreement(verdict, {**report, "asset_groups": {"a": "default"}})
    failure = fails("target", r"Duplicate asset key")
    assert disagreement(failure, report) == "Dagster loaded the project"
    other = {"ok": False, "error_type": "E", "error": "boom", "causes": ["E: inner"]}
    assert disagreement(failure, other).startswith("Dagster failed otherwise")
    assert disagreement(failure, {**other, "causes": ["E: Duplicate asset key: x"]}) == ""
    assert disagreement(verdict, other).startswith("Dagster failed")


def test_the_readme_has_one_line_per_case() -> None:
    rows = [
        line.split("|")[1].strip()
        for line in (MODEL / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and not line.startswith("| case ")
    ]
    assert sorted(rows) == sorted(VERDICTS)
    for case, verdict in VERDICTS.items():
        assert f"| {case} | {verdict.mode} |" in (MODEL / "README.md").read_text(), case


@pytest.mark.parametrize(
    ("case", "code"),
    [("input_not_produced", "DGD405"), ("job_selects_missing_key", "DGD406"),
     ("input_not_produced_factory", None), ("input_not_produced_moved", None)],
)
def test_the_load_failure_rules_fire_exactly_where_the_real_loader_fails(
    case: str, code: str | None
) -> None:
    """DGD405 (an input nothing produces) and DGD406 (a job selecting a key nobody
    defines) on the projects above, whose verdicts the oracle proves; silent on near misses."""
    from flake8_dgdefs.checks import check_module
    from flake8_dgdefs.discovery import find_project
    from flake8_dgdefs.session import build_map

    project = find_project(str(project_dir(case) / "_.py"))
    assert project is not None
    project_map = build_map(project)
    codes = {
        violation.message.split(" ", 1)[0]
        for name in project_map.modules
        for violation in check_module(project_map, name)
    } & {"DGD405", "DGD406"}
    assert codes == ({code} if code else set())
    assert VERDICTS[case].ok == (code is None)
