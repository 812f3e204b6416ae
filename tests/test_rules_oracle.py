"""Issue 3's rules against the real loader: each case is a small project under testdata.

For every case the table below holds the DGD lines flake8 must print for the project and
the claim those lines make about Dagster (`fails`: loading raises this error; `drops`:
these definitions are missing from what loaded; `redundant`: the autoloader alone loads
these, so listing them by hand is redundant; `loads`: the near miss loads cleanly, with
these definitions). Each test runs real flake8 and the real loader (tests/oracle) and checks
both. `python -m tests.oracle.summary` prints the whole-suite figure from the same table.
"""

from __future__ import annotations

import re
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.helpers import TESTDATA, flake8_lines
from tests.oracle import oracle_pool

#: The codes of issue 3 (a guide project also prints DGD1xx / DGD201 lines: not these tests').
ISSUE_3_CODES = frozenset(
    {"DGD202", "DGD203", *(f"DGD30{n}" for n in range(1, 8)), *(f"DGD40{n}" for n in range(1, 5))}
)


@dataclass(frozen=True)
class Claim:
    """What the linter's verdict says the real loader does."""

    verdict: str  # "fails", "drops", "redundant" or "loads"
    error: str = ""  # `fails`: a regex the error (or an error it wraps) must match
    absent: dict[str, tuple[str, ...]] = field(default_factory=dict)  # `drops`
    present: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the others

    @property
    def problem(self) -> bool:
        """True when the rule must fire: Dagster drops or refuses something, or a listing
        by hand is redundant (`redundant`: the autoloader alone loads these)."""
        return self.verdict != "loads"


def fails(pattern: str) -> Claim:
    return Claim("fails", error=pattern)


def drops(keeps: dict[str, list[str]] | None = None, **absent: list[str]) -> Claim:
    return Claim(
        "drops",
        absent={kind: tuple(names) for kind, names in absent.items()},
        present={kind: tuple(names) for kind, names in (keeps or {}).items()},
    )


def redundant(**present: list[str]) -> Claim:
    return Claim("redundant", present={kind: tuple(names) for kind, names in present.items()})


def loads(**present: list[str]) -> Claim:
    return Claim("loads", present={kind: tuple(names) for kind, names in present.items()})


@dataclass(frozen=True)
class Case:
    name: str  # the folder under testdata/rules (or testdata/, see `folder`)
    code: str  # the rule the case is about
    mode: str  # how the oracle loads it
    expected: list[str]  # every DGD line of issue 3 flake8 prints, run in the project folder
    claim: Claim
    folder: str = "rules"

    @property
    def project(self) -> Path:
        return TESTDATA / self.folder / self.name if self.folder else TESTDATA / self.name


def holds(claim: Claim, report: dict[str, Any]) -> tuple[bool, str]:
    """Whether the oracle's report bears the claim out, and why not."""
    if claim.verdict == "fails":
        if report["ok"]:
            return False, "Dagster loaded the project"
        errors = [report["error"], *report.get("causes", [])]
        if any(re.search(claim.error, error) for error in errors):
            return True, ""
        return False, f"Dagster failed otherwise: {errors}"
    if not report["ok"]:
        return False, f"Dagster failed: {report['error_type']}: {report['error']}"
    for kind, names in claim.absent.items():
        loaded = set(names) & set(report[kind])
        if loaded:
            return False, f"{kind} {sorted(loaded)} loaded after all"
    for kind, names in claim.present.items():
        missing = set(names) - set(report[kind])
        if missing:
            return False, f"{kind} {sorted(missing)} did not load"
    return True, ""


def issue_3_lines(case: Case) -> list[str]:
    """flake8's lines for the project, those of issue 3's codes only."""
    lines = flake8_lines(".", cwd=case.project)
    return [line for line in lines if line.split(": ", 1)[1].split(" ", 1)[0] in ISSUE_3_CODES]


def outcome(case: Case, lines: list[str], report: dict[str, Any]) -> str:
    """`agreement`, `false positive`, `miss` or `disagreement` (fired, but other lines)."""
    fired = any(f": {case.code} " in line for line in lines)
    confirmed, _ = holds(case.claim, report)
    if case.claim.problem:
        if fired and confirmed:
            return "agreement" if lines == sorted(case.expected) else "disagreement"
        return "false positive" if fired else ("miss" if confirmed else "disagreement")
    if fired:
        return "false positive"
    if not confirmed:
        return "miss"
    return "agreement" if lines == sorted(case.expected) else "disagreement"


CASES: list[Case] = [
    Case(
        "guide_elt_moved_still_loaded",
        "DGD202",
        "target",
        expected=[
            "./my_existing_project/definitions.py:15:16: DGD202 load_assets_from_modules loads "
            "my_existing_project.defs.elt.assets again, which load_defs already loads from the "
            "defs package: Dagster fails with `Duplicate asset key: "
            "AssetKey(['customers_table'])`; remove my_existing_project.defs.elt.assets from "
            "this call",
            "./my_existing_project/definitions.py:16:15: DGD203 job 'sync_tables_job' is listed "
            "by hand, but load_defs already loads it from my_existing_project.defs.elt.jobs: "
            "harmless (Dagster keeps one copy of the same object) but redundant; remove it from "
            "this Definitions(...)",
            "./my_existing_project/definitions.py:17:20: DGD203 schedule "
            "'sync_tables_job_schedule' is listed by hand, but load_defs already loads it from "
            "my_existing_project.defs.elt.jobs: harmless (Dagster keeps one copy of the same "
            "object) but redundant; remove it from this Definitions(...)",
        ],
        claim=fails(r"Duplicate asset key: AssetKey\(\['customers_table'\]\)"),
        folder="",
    ),
    Case(
        "dgd202_fires",
        "DGD202",
        "target",
        expected=[
            './p202_fires/definitions.py:8:27: DGD202 load_assets_from_modules loads '
            'p202_fires.defs.elt again, which load_from_defs_folder already loads from the defs '
            "package: Dagster fails with `Duplicate asset key: AssetKey(['customers_table'])`; "
            'remove p202_fires.defs.elt from this call',
        ],
        claim=fails(r"Duplicate asset key: AssetKey\(\['customers_table'\]\)"),
    ),
    Case(
        "dgd202_package",
        "DGD202",
        "target",
        expected=[
            './p202_package/definitions.py:8:27: DGD202 load_assets_from_package_module loads '
            'p202_package.defs.sales.assets again, which load_from_defs_folder already loads from '
            "the defs package: Dagster fails with `Duplicate asset key: AssetKey(['invoices'])`; "
            'remove this call (the autoloader loads p202_package.defs.sales)',
        ],
        claim=fails(r"Duplicate asset key: AssetKey\(\['invoices'\]\)"),
    ),
    Case(
        "dgd202_load_definitions",
        "DGD202",
        "target",
        expected=[],
        claim=loads(assets=["customers_table"]),
    ),
    Case(
        "dgd202_near_miss",
        "DGD202",
        "target",
        expected=[],
        claim=loads(assets=["customers_table"], jobs=["sync_job"]),
    ),
    Case(
        "dgd203_fires",
        "DGD203",
        "load_from_defs_folder",
        expected=[
            "./p203_fires/definitions.py:8:26: DGD203 job 'orders_job' is listed by hand, but "
            'load_from_defs_folder already loads it from p203_fires.defs.assets: harmless '
            '(Dagster keeps one copy of the same object) but redundant; remove it from this '
            'Definitions(...)',
        ],
        claim=redundant(jobs=["orders_job"]),
    ),
    Case(
        "dgd203_near_miss",
        "DGD203",
        "target",
        expected=[],
        claim=loads(assets=["orders"]),
    ),
    Case(
        "dgd301_fires",
        "DGD301",
        "target",
        expected=[
            "./p301_fires/defs/analytics.py:8:1: DGD301 asset 'weekly_revenue' is dropped: the "
            "Definitions object 'defs' (line 14) takes over p301_fires/defs/analytics.py and does "
            "not contain it; add it to 'defs' or move it to another file",
        ],
        claim=drops(assets=["weekly_revenue"], keeps={"assets": ["daily_revenue"]}),
    ),
    Case(
        "dgd301_imported",
        "DGD301",
        "target",
        expected=[
            "./p301_imported/defs/events.py:6:1: DGD301 asset 'cleaned_events' is dropped: the "
            "Definitions object 'shared_defs' (imported from p301_imported.shared) takes over "
            "p301_imported/defs/events.py and does not contain it; add it to 'shared_defs' or "
            'move it to another file',
        ],
        claim=drops(assets=["cleaned_events"], keeps={"assets": ["raw_events"]}),
    ),
    Case(
        "dgd301_near_miss",
        "DGD301",
        "target",
        expected=[],
        claim=loads(assets=["daily_revenue", "weekly_revenue"]),
    ),
    Case(
        "dgd302_fires",
        "DGD302",
        "target",
        expected=[
            "./p302_fires/defs/marketing.py:8:1: DGD302 asset 'clicks' is dropped: the "
            "@definitions function 'defs' takes over p302_fires/defs/marketing.py and does not "
            "use it; return it from 'defs' or move it to another file",
        ],
        claim=drops(assets=["clicks"], keeps={"assets": ["campaigns"]}),
    ),
    Case(
        "dgd302_near_miss",
        "DGD302",
        "target",
        expected=[],
        claim=loads(assets=["campaigns", "clicks"]),
    ),
    Case(
        "dgd303_fires",
        "DGD303",
        "target",
        expected=[
            "./p303_fires/defs/finance.py:13:1: DGD303 Definitions object 'budget_defs' is one "
            "more beside 'ledger_defs' (line 12) in p303_fires/defs/finance.py: Dagster fails "
            'with `Found multiple Definitions objects in p303_fires/defs/finance.py`; keep one '
            'Definitions object, or only @definitions functions, per defs module',
        ],
        claim=fails(r"Found multiple Definitions objects in .*finance\.py"),
    ),
    Case(
        "dgd303_mixed",
        "DGD303",
        "target",
        expected=[
            "./p303_mixed/defs/finance.py:11:1: DGD303 @definitions function 'more_defs' is one "
            "more beside 'ledger_defs' (line 8) in p303_mixed/defs/finance.py: Dagster fails with "
            '`Found both @definitions-decorated functions and Definitions objects in '
            'p303_mixed/defs/finance.py`; keep one Definitions object, or only @definitions '
            'functions, per defs module',
        ],
        claim=fails(
            r"Found both @definitions-decorated functions and Definitions objects in .*finance\.py",
        ),
    ),
    Case(
        "dgd303_near_miss",
        "DGD303",
        "target",
        expected=[],
        claim=loads(assets=["budget", "ledger"]),
    ),
    Case(
        "dgd304_fires",
        "DGD304",
        "target",
        expected=[
            "./p304_fires/defs/reports/extra.py:4:1: DGD304 asset 'yearly_report' is not loaded: "
            'p304_fires/defs/reports/ is a YAML component folder (type '
            'p304_fires.components.StaticAssets) and the autoloader does not load the Python '
            'files in it; move p304_fires/defs/reports/extra.py out of p304_fires/defs/reports/, '
            'or use type dagster.DefsFolderComponent',
            "./p304_fires/defs/reports/nested/more.py:3:1: DGD304 asset spec 'quarterly_report' "
            'is not loaded: p304_fires/defs/reports/ is a YAML component folder (type '
            'p304_fires.components.StaticAssets) and the autoloader does not load the Python '
            'files in it; move p304_fires/defs/reports/nested/more.py out of '
            'p304_fires/defs/reports/, or use type dagster.DefsFolderComponent',
        ],
        claim=drops(
            assets=["quarterly_report", "yearly_report"],
            keeps={"assets": ["monthly_report"]},
        ),
    ),
    Case(
        "dgd304_near_miss",
        "DGD304",
        "target",
        expected=[],
        claim=loads(assets=["monthly_report", "yearly_report"]),
    ),
    Case(
        "dgd305_fires",
        "DGD305",
        "target",
        expected=[
            "./p305_fires/defs/sales/orders.py:8:1: DGD305 asset 'refunds' is dropped: with "
            'load_defs, p305_fires/defs/sales/definitions.py makes Dagster load that file alone '
            'from p305_fires/defs/sales/; make p305_fires/defs/sales/definitions.py load it '
            '(import it there, and into its Definitions if it has one), or switch to '
            'load_from_defs_folder',
            "./p305_fires/defs/sales/schedules.py:3:1: DGD305 schedule 'nightly_sales' is "
            'dropped: with load_defs, p305_fires/defs/sales/definitions.py makes Dagster load '
            'that file alone from p305_fires/defs/sales/; make '
            'p305_fires/defs/sales/definitions.py load it (import it there, and into its '
            'Definitions if it has one), or switch to load_from_defs_folder',
        ],
        claim=drops(
            assets=["refunds"],
            schedules=["nightly_sales"],
            keeps={"assets": ["orders"], "jobs": ["sales_job"]},
        ),
    ),
    Case(
        "dgd305_near_miss",
        "DGD305",
        "target",
        expected=[],
        claim=loads(assets=["orders", "refunds"], jobs=["sales_job"]),
    ),
    Case(
        "dgd306_fires",
        "DGD306",
        "target",
        expected=[
            "./p306_fires/defs/resources.py:5:1: DGD306 resource 'warehouse' is bound at module "
            'level of a defs module, where the autoloader never loads resources: it is dropped '
            '(assets that need it fail with `resource with key ... was not provided`); put it in '
            'Definitions(resources=...) returned by a @dg.definitions function',
            "./p306_fires/defs/resources.py:6:1: DGD306 IO manager 'io_manager' is bound at "
            'module level of a defs module, where the autoloader never loads resources: it is '
            'dropped (assets that need it fail with `resource with key ... was not provided`); '
            'put it in Definitions(resources=...) returned by a @dg.definitions function',
        ],
        claim=fails(r"resource with key 'warehouse' required by op 'inventory' was not provided"),
    ),
    Case(
        "dgd306_near_miss",
        "DGD306",
        "target",
        expected=[],
        claim=loads(assets=["inventory"]),
    ),
    Case(
        "dgd307_fires",
        "DGD307",
        "target",
        expected=[
            "./p307_fires/defs/sources.py:3:15: DGD307 asset spec 'accounts' sits in the tuple "
            "'crm_tables', which the autoloader does not collect (only module attributes and flat "
            'lists of definitions): it is dropped; use a flat list or bind it to a module-level '
            'name',
            "./p307_fires/defs/sources.py:3:41: DGD307 asset spec 'contacts' sits in the tuple "
            "'crm_tables', which the autoloader does not collect (only module attributes and flat "
            'lists of definitions): it is dropped; use a flat list or bind it to a module-level '
            'name',
            "./p307_fires/defs/sources.py:4:21: DGD307 asset spec 'ledger_entries' sits in the "
            "dict 'by_system', which the autoloader does not collect (only module attributes and "
            'flat lists of definitions): it is dropped; use a flat list or bind it to a '
            'module-level name',
            "./p307_fires/defs/sources.py:5:12: DGD307 asset spec 'tickets' sits in the nested "
            "list 'nested', which the autoloader does not collect (only module attributes and "
            'flat lists of definitions): it is dropped; use a flat list or bind it to a '
            'module-level name',
            "./p307_fires/defs/sources.py:5:39: DGD307 asset spec 'agents' sits in the nested "
            "list 'nested', which the autoloader does not collect (only module attributes and "
            'flat lists of definitions): it is dropped; use a flat list or bind it to a '
            'module-level name',
        ],
        claim=drops(assets=["accounts", "agents", "contacts", "ledger_entries", "tickets"]),
    ),
    Case(
        "dgd307_near_miss",
        "DGD307",
        "target",
        expected=[],
        claim=loads(assets=["accounts", "contacts", "ledger_entries"]),
    ),
    Case(
        "dgd401_fires",
        "DGD401",
        "target",
        expected=[
            "./p401_fires/defs/staging.py:3:1: DGD401 asset spec 'shop_orders' defines asset key "
            "'shop/orders', already defined by asset 'orders' at p401_fires/defs/raw.py:4: "
            "Dagster fails with `Duplicate asset key: AssetKey(['shop', 'orders'])`; rename one "
            'of them or remove the copy',
        ],
        claim=fails(r"Duplicate asset key: AssetKey\(\['shop', 'orders'\]\)"),
    ),
    Case(
        "dgd401_near_miss",
        "DGD401",
        "target",
        expected=[],
        claim=loads(assets=["raw/orders", "staging/orders_staged"]),
    ),
    Case(
        "dgd402_fires",
        "DGD402",
        "target",
        expected=[
            "./p402_fires/defs/jobs_b.py:3:1: DGD402 job 'refresh_all' defines job 'refresh', "
            "already defined by job 'refresh' at p402_fires/defs/jobs_a.py:3: Dagster fails with "
            "`Duplicate definition found for unresolved job 'refresh'`; rename one of them",
        ],
        claim=fails(r"Duplicate definition found for unresolved job 'refresh'"),
    ),
    Case(
        "dgd402_near_miss",
        "DGD402",
        "target",
        expected=[],
        claim=loads(jobs=["refresh", "refresh_all"]),
    ),
    Case(
        "dgd403_fires",
        "DGD403",
        "target",
        expected=[
            "./p403_fires/defs/sensors.py:4:1: DGD403 sensor 'orders_job_schedule' is named "
            "'orders_job_schedule', like schedule 'daily' at p403_fires/defs/schedules.py:5: "
            'Dagster fails with `Duplicate definition found for orders_job_schedule`; rename one '
            'of them (schedules and sensors share one namespace)',
        ],
        claim=fails(r"Duplicate definition found for orders_job_schedule"),
    ),
    Case(
        "dgd403_near_miss",
        "DGD403",
        "target",
        expected=[],
        claim=loads(schedules=["orders_job_schedule"], sensors=["orders_job_sensor"]),
    ),
    Case(
        "dgd404_fires",
        "DGD404",
        "target",
        expected=[
            "./p404_fires/defs/checks_b.py:4:1: DGD404 asset_check 'orders_not_empty' defines "
            "asset check 'orders:not_empty', already defined by asset_check 'not_empty' at "
            'p404_fires/defs/checks_a.py:4: Dagster fails with `Duplicate asset check key: '
            "AssetCheckKey(asset_key=AssetKey(['orders']), name='not_empty')`; give one of them "
            'another name',
        ],
        claim=fails(
            r"Duplicate asset check key:"
            r" AssetCheckKey\(asset_key=AssetKey\(\['orders'\]\), name='not_empty'\)",
        ),
    ),
    Case(
        "dgd404_near_miss",
        "DGD404",
        "target",
        expected=[],
        claim=loads(asset_checks=["orders:not_empty", "refunds:not_empty"]),
    ),
    Case(
        "dgd202_checks",
        "DGD202",
        "target",
        expected=[
            './p202_checks/definitions.py:8:33: DGD202 load_asset_checks_from_modules loads '
            'p202_checks.defs.quality again, which load_from_defs_folder already loads from the '
            'defs package: Dagster fails with `Duplicate asset check key: '
            "AssetCheckKey(asset_key=AssetKey(['orders']), name='orders_not_empty')`; remove "
            'p202_checks.defs.quality from this call',
        ],
        claim=fails(
            r"Duplicate asset check key:"
            r" AssetCheckKey\(asset_key=AssetKey\(\['orders'\]\), name='orders_not_empty'\)",
        ),
    ),
    Case(
        "dgd303_alias",
        "DGD303",
        "target",
        expected=[
            "./p303_alias/defs/finance.py:9:1: DGD303 Definitions object 'finance_defs' is one "
            "more beside 'defs' (line 8) in p303_alias/defs/finance.py: Dagster fails with `Found "
            'multiple Definitions objects in p303_alias/defs/finance.py`; keep one Definitions '
            'object, or only @definitions functions, per defs module',
        ],
        claim=fails(r"Found multiple Definitions objects in .*finance\.py"),
    ),
    Case(
        "dgd305_root",
        "DGD305",
        "target",
        expected=[
            "./p305_root/defs/team.py:4:1: DGD305 asset 'team_asset' is dropped: with load_defs, "
            'p305_root/defs/definitions.py makes Dagster load that file alone from '
            'p305_root/defs/; make p305_root/defs/definitions.py load it (import it there, and '
            'into its Definitions if it has one), or switch to load_from_defs_folder',
        ],
        claim=drops(assets=["team_asset"], keeps={"assets": ["root_asset"]}),
    ),
    Case(
        "dgd306_near_miss_object",
        "DGD306",
        "target",
        expected=[],
        claim=loads(assets=["inventory"]),
    ),
    Case(
        "dgd307_mixed",
        "DGD307",
        "target",
        expected=[
            "./p307_mixed/defs/sources.py:4:8: DGD307 asset spec 'accounts' sits in the mixed "
            "list 'crm', which the autoloader does not collect (only module attributes and flat "
            'lists of definitions): it is dropped; use a flat list or bind it to a module-level '
            'name',
            "./p307_mixed/defs/sources.py:4:34: DGD307 asset spec 'contacts' sits in the mixed "
            "list 'crm', which the autoloader does not collect (only module attributes and flat "
            'lists of definitions): it is dropped; use a flat list or bind it to a module-level '
            'name',
        ],
        claim=drops(assets=["accounts", "contacts"]),
    ),
    Case(
        "dgd401_same_module",
        "DGD401",
        "target",
        expected=[
            "./p401_same_module/defs/raw.py:6:1: DGD401 asset 'load_orders' defines asset key "
            "'orders', already defined by asset spec 'orders_spec' at "
            'p401_same_module/defs/raw.py:3: Dagster fails with `Asset key orders is defined '
            'multiple times`; rename one of them or remove the copy',
        ],
        claim=fails(r"Asset key orders is defined multiple times"),
    ),
    Case(
        "dgd402_op_jobs",
        "DGD402",
        "target",
        expected=[
            "./p402_op_jobs/defs/jobs_b.py:8:1: DGD402 job 'other_maintenance' defines job "
            "'maintenance', already defined by job 'maintenance' at "
            'p402_op_jobs/defs/jobs_a.py:8: Dagster fails with `Duplicate job definition found '
            "for job 'maintenance'`; rename one of them",
        ],
        claim=fails(r"Duplicate job definition found for job 'maintenance'"),
    ),
    Case(
        "dgd403_same_module",
        "DGD403",
        "target",
        expected=[
            "./p403_same_module/defs/assets.py:10:1: DGD403 schedule 'hourly' is named "
            "'orders_job_schedule', like schedule 'daily' at p403_same_module/defs/assets.py:9: "
            'Dagster fails with `Schedule name orders_job_schedule is defined multiple times`; '
            'rename one of them (schedules and sensors share one namespace)',
        ],
        claim=fails(r"Schedule name orders_job_schedule is defined multiple times"),
    ),
    Case(
        "dgd202_in_defs",
        "DGD202",
        "target",
        expected=[
            './p202_in_defs/defs/collected.py:5:14: DGD202 load_assets_from_modules loads '
            'p202_in_defs.defs.elt again, which load_from_defs_folder already loads from the defs '
            "package: Dagster fails with `Duplicate asset key: AssetKey(['customers_table'])`; "
            'remove p202_in_defs.defs.elt from this call',
        ],
        claim=fails(r"Duplicate asset key: AssetKey\(\['customers_table'\]\)"),
    ),
    Case(
        "dgd202_current_module",
        "DGD202",
        "target",
        expected=[
            './p202_current_module/defs/elt.py:8:14: DGD202 load_assets_from_current_module loads '
            'p202_current_module.defs.elt again, which load_from_defs_folder already loads from '
            'the defs package: Dagster fails with `Asset key customers_table is defined multiple '
            'times`; remove this call',
        ],
        claim=fails(r"Asset key customers_table is defined multiple times"),
    ),
    Case(
        "dgd305_definitions_object",
        "DGD305",
        "target",
        expected=[
            "./p305_definitions_object/defs/sales/orders.py:8:1: DGD305 asset 'refunds' is "
            'dropped: with load_defs, p305_definitions_object/defs/sales/definitions.py makes '
            'Dagster load that file alone from p305_definitions_object/defs/sales/; make '
            'p305_definitions_object/defs/sales/definitions.py load it (import it there, and into '
            'its Definitions if it has one), or switch to load_from_defs_folder',
        ],
        claim=drops(assets=["refunds"], keeps={"assets": ["orders"]}),
    ),
    Case(
        "dgd307_deps_only",
        "DGD307",
        "target",
        expected=[],
        claim=loads(assets=["cleaned_accounts"]),
    ),
]


@pytest.fixture(scope="module")
def oracle_reports(request: pytest.FixtureRequest) -> Iterator[dict[str, Future[Any]]]:
    """The oracle's report of every selected case, started at once in a few subprocesses."""
    with oracle_pool(
        request, lambda case: (case.project, case.mode), lambda case: case.name
    ) as reports:
        yield reports


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_flake8_and_the_real_loader_agree(
    case: Case, oracle_reports: dict[str, Future[Any]]
) -> None:
    assert issue_3_lines(case) == sorted(case.expected)
    report = oracle_reports[case.name].result()
    confirmed, why = holds(case.claim, report)
    assert confirmed, why


def test_every_rule_of_issue_3_has_a_firing_case_and_a_near_miss() -> None:
    for code in ISSUE_3_CODES:
        claims = [case.claim for case in CASES if case.code == code]
        assert any(claim.problem for claim in claims), code
        assert any(not claim.problem for claim in claims), code
