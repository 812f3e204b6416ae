"""Partitioned schedules (issue 10, point 4): `build_schedule_from_partitioned_job` gets
its name and cron from the job's partitions definition, as Dagster computes them, or the
cron stays unresolved. In memory: scans of sources, listings of in-memory maps; one test
asks the real Dagster (in a subprocess) for the crons of a grid of definitions."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from flake8_dgdefs.listing import build_listing, to_json
from flake8_dgdefs.loading.resolver import Resolver, unsettled
from flake8_dgdefs.model import Details
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap
from flake8_dgdefs.scan import scan_source
from flake8_dgdefs.scan.partitions import (
    TAG,
    UNKNOWN_PARTITIONS,
    get_cron_schedule,
    is_description,
)
from tests.test_list import details_of, project

SCHEDULE_TYPE = "from dagster._core.definitions.partitions.schedule_type import ScheduleType\n"


def _described(expression: str, prelude: str = "") -> object:
    """What the scan records for `P = <expression>` (a module constant, or nothing)."""
    source = f"import os\nimport dagster as dg\n{prelude}P = {expression}\n"
    return dict(scan_source(source, "pkg.partitions").constants).get("P")


def _cron(expression: str, prelude: str = "") -> str | None:
    found = _described(expression, prelude)
    if found is None or found == UNKNOWN_PARTITIONS:
        return None
    assert is_description(found)
    return str(found[2])


# -- partitions definitions --------------------------------------------------------------------
@pytest.mark.parametrize(
    "expression, cron",
    [
        ('dg.HourlyPartitionsDefinition("2024-01-01-00:00")', "0 * * * *"),
        ('dg.HourlyPartitionsDefinition("2024-01-01-00:00", minute_offset=15)', "15 * * * *"),
        # Offsets a class does not take fall into its **kwargs: ignored.
        ('dg.HourlyPartitionsDefinition("2024-01-01-00:00", hour_offset=3)', "0 * * * *"),
        ('dg.DailyPartitionsDefinition("2024-01-01")', "0 0 * * *"),
        ('dg.DailyPartitionsDefinition("2024-01-01", minute_offset=30, hour_offset=2)',
         "30 2 * * *"),
        ('dg.DailyPartitionsDefinition("2024-01-01", day_offset=3)', "0 0 * * *"),
        ('dg.DailyPartitionsDefinition("2024-01-01", None, 10, 4)', "10 4 * * *"),  # positional
        ('dg.DailyPartitionsDefinition("2024-01-01", hour_offset=None)', "0 0 * * *"),
        ('dg.WeeklyPartitionsDefinition("2024-01-01")', "0 0 * * 0"),
        ('dg.WeeklyPartitionsDefinition("2024-01-01", day_offset=3, hour_offset=6,'
         " minute_offset=5)", "5 6 * * 3"),
        ('dg.WeeklyPartitionsDefinition("2024-01-01", day_offset=7)', "0 0 * * 7"),
        ('dg.MonthlyPartitionsDefinition("2024-01-01")', "0 0 1 * *"),
        ('dg.MonthlyPartitionsDefinition("2024-01-01", day_offset=5, hour_offset=1)', "0 1 5 * *"),
        ('dg.MonthlyPartitionsDefinition("2024-01-01", day_offset=0)', "0 0 1 * *"),  # `or None`
        ('dg.MonthlyPartitionsDefinition("2024-01-01", day_offset=31)', "0 0 31 * *"),
        ('dg.TimeWindowPartitionsDefinition(start="2024-01-01", fmt="%Y-%m-%d",'
         ' cron_schedule="0 */4 * * *")', "0 */4 * * *"),
        ('dg.TimeWindowPartitionsDefinition("2024-01-01", "%Y-%m-%d", cron_schedule="@daily")',
         "@daily"),
        ('dg.TimeWindowPartitionsDefinition("2024-01-01", "%Y-%m-%d",'
         ' schedule_type=ScheduleType.WEEKLY, day_offset=2, hour_offset=4)', "0 4 * * 2"),
        # Arguments from constants; a start date that is not static does not matter.
        ("dg.DailyPartitionsDefinition(start_date=START, hour_offset=HOUR + 1)", "0 5 * * *"),
        ("dg.DailyPartitionsDefinition(start_date=datetime(2024, 1, 1))", "0 0 * * *"),
    ],
)
def test_each_partitions_definition_gives_dagsters_cron(expression: str, cron: str) -> None:
    prelude = SCHEDULE_TYPE + "from datetime import datetime\nSTART = '2024-01-01'\nHOUR = 4\n"
    assert _cron(expression, prelude) == cron


@pytest.mark.parametrize(
    "expression",
    [
        # Crons Dagster refuses ("Found invalid cron schedule"): no cron, never a wrong one.
        'dg.HourlyPartitionsDefinition("2024-01-01-00:00", minute_offset=60)',
        'dg.DailyPartitionsDefinition("2024-01-01", hour_offset=24)',
        'dg.DailyPartitionsDefinition("2024-01-01", hour_offset=-1)',
        'dg.DailyPartitionsDefinition("2024-01-01", hour_offset=True)',
        'dg.WeeklyPartitionsDefinition("2024-01-01", day_offset=8)',
        'dg.MonthlyPartitionsDefinition("2024-01-01", day_offset=32)',
        # "If cron_schedule argument is provided, then ... can't also be provided".
        'dg.TimeWindowPartitionsDefinition("2024-01-01", "%Y-%m-%d", cron_schedule="0 0 * * *",'
        " hour_offset=1)",
        'dg.TimeWindowPartitionsDefinition("2024-01-01", "%Y-%m-%d")',  # neither
        # What the scan cannot read.
        'dg.DailyPartitionsDefinition("2024-01-01", hour_offset=int(os.environ["HOUR"]))',
        'dg.DailyPartitionsDefinition("2024-01-01", **OPTIONS)',
        'dg.DailyPartitionsDefinition("2024-01-01", cron_schedule="0 0 * * *")',  # hidden kwarg
        'dg.DynamicPartitionsDefinition(name="customers")',
        'dg.MultiPartitionsDefinition({"a": dg.StaticPartitionsDefinition(["x"])})',  # one
        'dg.MultiPartitionsDefinition(DIMENSIONS)',
    ],
)
def test_what_dagster_refuses_or_the_scan_cannot_read_has_no_cron(expression: str) -> None:
    found = _described(expression)
    assert is_description(found) and found[1:3] == ("unknown", "")


def test_static_and_multi_partitions_and_what_is_no_partitions_definition() -> None:
    static = _described('dg.StaticPartitionsDefinition(["eu", "us"])')
    keys = (("partition_keys", ("eu", "us")),)
    assert static == (TAG, "static", "", ("StaticPartitionsDefinition", keys))
    prelude = 'D = dg.DailyPartitionsDefinition("2024-01-01", hour_offset=3)\n'
    multi = _described(
        'dg.MultiPartitionsDefinition({"date": D, "r": dg.StaticPartitionsDefinition(["a"])})',
        prelude,
    )
    assert is_description(multi) and multi[1:3] == ("multi", "0 3 * * *")
    two_times = _described('dg.MultiPartitionsDefinition({"a": D, "b": D})', prelude)
    assert is_description(two_times) and two_times[1:3] == ("multi", "")
    # Not Dagster's class, or not a call: no constant at all.
    assert _described("make_partitions()") is None
    assert _described("DailyPartitionsDefinition('2024-01-01')") is None


def test_same_arguments_make_the_same_definition_and_dates_that_are_not_static_do_not() -> None:
    source = """
        from datetime import datetime
        import dagster as dg
        A = dg.DailyPartitionsDefinition(start_date="2024-01-01")
        B = dg.DailyPartitionsDefinition(start_date="2024-01-01")
        C = dg.DailyPartitionsDefinition(start_date="2024-02-01")
        D = dg.DailyPartitionsDefinition(start_date=datetime(2024, 1, 1))
        E = dg.DailyPartitionsDefinition(start_date=datetime(2024, 1, 1))
        if FLAG:
            F = dg.DailyPartitionsDefinition(start_date="2024-01-01")
    """
    constants = dict(scan_source(textwrap.dedent(source), "pkg.partitions").constants)
    assert constants["A"] == constants["B"] != constants["C"]
    assert constants["D"] != constants["E"]  # each is only itself
    assert "F" not in constants  # bound in a branch: never guessed


def test_a_partitions_definition_is_a_constant_of_its_module_across_modules() -> None:
    modules = {
        "pkg.partitions": ModuleInfo(
            "pkg.partitions", "pkg/partitions.py", False,
            scan_source(
                "import dagster as dg\nDAILY = dg.DailyPartitionsDefinition('2024-01-01')\n",
                "pkg.partitions",
            ),
        ),
        "pkg.reexport": ModuleInfo(
            "pkg.reexport", "pkg/reexport.py", False,
            scan_source("from pkg.partitions import DAILY as daily\n", "pkg.reexport"),
        ),
    }
    found = Resolver(modules).constant("pkg.reexport.daily")
    assert is_description(found) and found[2] == "0 0 * * *"


# -- the overrides of build_schedule_from_partitioned_job ---------------------------------------
@pytest.mark.parametrize(
    "cron, overrides, expected",
    [
        ("30 2 * * *", {}, "30 2 * * *"),
        ("0 */4 * * *", {}, "0 */4 * * *"),
        ("30 2 * * *", {"hour_of_day": 9, "minute_of_hour": 0}, "0 9 * * *"),
        ("30 2 * * *", {"hour_of_day": 9}, "30 9 * * *"),  # the partitions' minute stays
        ("15 * * * *", {"minute_of_hour": 5}, "5 * * * *"),
        ("15 * * * *", {"day_of_week": 3}, "15 * * * *"),  # not checked for hourly: ignored
        ("0 6 * * 3", {"day_of_week": 1, "hour_of_day": 7}, "0 7 * * 1"),
        ("0 6 * * 3", {"minute_of_hour": 20}, "20 6 * * 3"),
        ("0 6 * * 3", {"day_of_month": 9}, "0 6 * * 3"),  # weekly ignores day_of_month
        ("0 0 5 * *", {"day_of_month": 15}, "0 0 15 * *"),
        ("0 1 5 * *", {"hour_of_day": 22, "minute_of_hour": 10}, "10 22 5 * *"),
        ("0 0 0 * *", {"minute_of_hour": 1}, "1 0 1 * *"),  # `self.day_offset or 1`
        # Where Dagster fails, no cron.
        ("15 * * * *", {"hour_of_day": 2}, None),  # "Cannot set hour parameter with hourly"
        ("30 2 * * *", {"day_of_week": 1}, None),  # "Cannot set day of week ... daily"
        ("30 2 * * *", {"day_of_month": 1}, None),
        ("0 */4 * * *", {"minute_of_hour": 5}, None),  # no schedule type: no overrides
        ("@daily", {"hour_of_day": 5}, None),
        ("0 0 5 * *", {"day_of_month": 0}, None),  # an invalid cron
        ("0 0 5 * *", {"minute_of_hour": 60}, None),
        ("0 6 * * 3", {"hour_of_day": 24}, None),
    ],
)
def test_overrides_follow_get_cron_schedule(
    cron: str, overrides: dict[str, int], expected: str | None
) -> None:
    assert get_cron_schedule(cron, **overrides) == expected


#: A grid of definitions and overrides, each computed by Dagster itself.
_GRID = [
    (cls, offsets, overrides)
    for cls, offset_sets in (
        ("Hourly", [{}, {"minute_offset": 15}]),
        ("Daily", [{}, {"minute_offset": 30, "hour_offset": 2}]),
        ("Weekly", [{}, {"day_offset": 3, "hour_offset": 6}, {"day_offset": 7}]),
        ("Monthly", [{}, {"day_offset": 5, "minute_offset": 1}, {"day_offset": 0}]),
    )
    for offsets in offset_sets
    for overrides in (
        {}, {"minute_of_hour": 7}, {"hour_of_day": 9}, {"day_of_week": 2},
        {"day_of_month": 20}, {"hour_of_day": 23, "minute_of_hour": 59},
        {"day_of_month": 31}, {"day_of_week": 0}, {"hour_of_day": 24}, {"day_of_month": 32},
    )
]

_DAGSTER_SIDE = """
import json, sys
import dagster as dg
from dagster._utils.schedules import is_valid_cron_schedule
found = []
for cls, offsets, overrides in json.loads(sys.stdin.read()):
    start = "2024-01-01-00:00" if cls == "Hourly" else "2024-01-01"
    try:
        partitions = getattr(dg, cls + "PartitionsDefinition")(start_date=start, **offsets)
        cron = partitions.get_cron_schedule(**overrides)
        found.append(cron if is_valid_cron_schedule(cron) else None)
    except Exception:
        found.append(None)
print(json.dumps(found))
"""


def test_crons_agree_with_dagster_on_a_grid() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _DAGSTER_SIDE],
        input=json.dumps(_GRID),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0 and "No module named 'dagster'" in result.stderr:
        pytest.skip("dagster is not installed")
    assert result.returncode == 0, result.stderr
    theirs = json.loads(result.stdout)
    ours = []
    for cls, offsets, overrides in _GRID:
        start = "2024-01-01-00:00" if cls == "Hourly" else "2024-01-01"
        arguments = "".join(f", {name}={value}" for name, value in offsets.items())
        own = _cron(f'dg.{cls}PartitionsDefinition(start_date="{start}"{arguments})')
        ours.append(None if own is None else get_cron_schedule(own, **overrides))
    assert len(theirs) == len(_GRID) >= 100
    assert [
        (case, mine, real) for case, mine, real in zip(_GRID, ours, theirs) if mine != real
    ] == []


# -- what the scan records ---------------------------------------------------------------------
def test_the_scan_records_partitions_selection_and_the_schedule_arguments() -> None:
    source = """
        import dagster as dg
        from pkg.partitions import daily
        from pkg.defs.raw import orders

        HOURLY = dg.HourlyPartitionsDefinition("2024-01-01-00:00", minute_offset=15)

        @dg.asset(partitions_def=HOURLY)
        def clicks(): ...

        @dg.asset(partitions_def=daily)
        def sales(): ...

        clicks_job = dg.define_asset_job("clicks_job", selection=[clicks, orders])
        keyed_job = dg.define_asset_job("keyed_job", selection=["a/b", dg.AssetKey(["c", "d"])])
        query_job = dg.define_asset_job("query_job", selection="*clicks")
        clicks_schedule = dg.build_schedule_from_partitioned_job(
            clicks_job, minute_of_hour=5, name="clicks_schedule"
        )
        inline = dg.build_schedule_from_partitioned_job(
            dg.define_asset_job("inline_job", selection="clicks", partitions_def=HOURLY)
        )
    """
    hourly = ("partitions", "time", "15 * * * *",
              ("HourlyPartitionsDefinition",
               (("minute_offset", 15), ("start_date", "2024-01-01-00:00"))))
    assert details_of(source, "clicks") == {"partitions": hourly}
    assert details_of(source, "sales") == {"partitions_ref": "pkg.partitions.daily"}
    assert details_of(source, "clicks_job") == {
        "selection": (("ref", "pkg.defs.mod.clicks"), ("ref", "pkg.defs.raw.orders")),
    }
    # Strings and AssetKeys are two sorts: Dagster refuses the mix, nothing is recorded.
    assert details_of(source, "keyed_job") == {}
    assert details_of(source, "query_job") == {}
    schedule = details_of(source, "clicks_schedule")
    assert schedule["partitioned"] == (("minute_of_hour", 5),)
    assert schedule["unresolved"] == (("cron", 17, 18),)  # until the listing computes it
    inline = details_of(source, "inline")
    assert inline["partitioned"] == ()
    assert inline["partitioned_job"] == Details(
        partitions=hourly, selection=(("key", "clicks"),)
    )


# -- the listing -------------------------------------------------------------------------------
def _schedules(files: dict[str, str], settle: bool = False) -> dict[str, Any]:
    """Each schedule of an in-memory project: its cron, or ("unresolved", fields)."""
    project_map = project(files)
    if settle:  # as the command line's map is: imported values given
        project_map = _settled(project_map, files)
    data: Any = to_json(build_listing(project_map))
    found: dict[str, Any] = {}
    for entry in data["schedules"]:
        missing = [u["field"] for u in entry.get("unresolved", [])]
        found[entry["name"]] = entry["cron_schedule"] if not missing else ("unresolved", missing)
    return found


def _settled(project_map: ProjectMap, files: dict[str, str]) -> ProjectMap:
    sources = {
        path[: -len(".py")].replace("/", ".").removesuffix(".__init__"): textwrap.dedent(source)
        for path, source in files.items()
    }
    modules = dict(project_map.modules)
    while todo := unsettled(modules):
        for module, given in todo:
            scan = scan_source(sources[module.name], module.name, module.is_package, given)
            modules[module.name] = ModuleInfo(module.name, module.path, module.is_package, scan)
    return ProjectMap.build("pkg", "pkg.defs", modules.values())


PARTITIONS = """
    import dagster as dg
    daily = dg.DailyPartitionsDefinition(start_date="2024-01-01", hour_offset=2, minute_offset=30)
    weekly = dg.WeeklyPartitionsDefinition(start_date="2024-01-01", day_offset=3)
    monthly = dg.MonthlyPartitionsDefinition(start_date="2024-01-01", day_offset=5)
    regions = dg.StaticPartitionsDefinition(["eu", "us"])
"""

ASSETS = """
    import dagster as dg
    from pkg.partitions import daily, monthly
    from pkg import partitions

    @dg.asset(partitions_def=daily)
    def orders(): ...

    @dg.asset(partitions_def=partitions.daily)
    def refunds(): ...

    @dg.asset(partitions_def=partitions.weekly, key_prefix="reports")
    def weekly_report(): ...

    @dg.asset(partitions_def=monthly)
    def invoices(): ...

    @dg.asset(partitions_def=partitions.regions)
    def region_config(): ...

    @dg.multi_asset(specs=[dg.AssetSpec("stock"), dg.AssetSpec("moves")], partitions_def=daily)
    def inventory(): ...

    @dg.asset
    def customers(): ...

    spec = dg.AssetSpec("external", partitions_def=daily)
"""


@pytest.mark.parametrize("settle", [True, False], ids=["given", "resolved-when-listing"])
def test_the_cron_of_the_jobs_partitions_wherever_they_are_written(settle: bool) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/partitions.py": PARTITIONS,
        "pkg/defs/__init__.py": "",
        "pkg/defs/assets.py": ASSETS,
        "pkg/defs/jobs.py": """
            import dagster as dg
            from pkg.partitions import daily, regions
            from pkg.defs.assets import customers, inventory, invoices, orders, refunds

            LOCAL = dg.HourlyPartitionsDefinition("2024-01-01-00:00", minute_offset=45)

            own_job = dg.define_asset_job("own_job", selection=[orders], partitions_def=daily)
            own = dg.build_schedule_from_partitioned_job(own_job, name="own")
            at_nine = dg.build_schedule_from_partitioned_job(
                own_job, name="at_nine", hour_of_day=9, minute_of_hour=0
            )
            inline = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("inline_job", selection=[customers],
                                    partitions_def=dg.DailyPartitionsDefinition("2024-01-01")),
            )

            @dg.op
            def work(): ...

            @dg.job(partitions_def=LOCAL)
            def op_job():
                work()

            op_schedule = dg.build_schedule_from_partitioned_job(op_job)

            # No partitions_def: the one shared by the selected assets.
            shared_job = dg.define_asset_job("shared_job", selection=[orders, refunds, inventory])
            shared = dg.build_schedule_from_partitioned_job(shared_job, name="shared")
            by_key = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("by_key", selection=["reports/weekly_report"]),
                name="by_key", day_of_week=1,
            )
            by_asset_key = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("by_asset_key", selection=[dg.AssetKey("invoices")]),
                day_of_month=15,
            )
            one_string = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("one_string", selection="orders"), minute_of_hour=1
            )
            static_job = dg.define_asset_job(
                "static_job", selection=["region_config"], partitions_def=regions
            )
            static = dg.build_schedule_from_partitioned_job(static_job, cron_schedule="0 4 * * 1")
        """,
        "pkg/defs/elsewhere.py": """
            import dagster as dg
            from pkg.defs.jobs import own_job

            elsewhere = dg.build_schedule_from_partitioned_job(own_job, name="elsewhere",
                                                               minute_of_hour=5)
        """,
    }
    assert _schedules(files, settle) == {
        "own": "30 2 * * *",
        "at_nine": "0 9 * * *",
        "inline_job_schedule": "0 0 * * *",
        "op_job_schedule": "45 * * * *",
        "shared": "30 2 * * *",
        "by_key": "0 0 * * 1",
        "by_asset_key_schedule": "0 0 15 * *",
        "one_string_schedule": "1 2 * * *",
        "static_job_schedule": "0 4 * * 1",
        "elsewhere": "5 2 * * *",
    }


def test_what_cannot_be_known_or_makes_dagster_fail_stays_unresolved() -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/partitions.py": PARTITIONS + """
    import os
    if os.environ.get("FAST"):
        branch = dg.HourlyPartitionsDefinition("2024-01-01-00:00")
    else:
        branch = dg.DailyPartitionsDefinition("2024-01-01")

    def make():
        return dg.DailyPartitionsDefinition("2024-01-01")

    made = make()
""",
        "pkg/other.py": """
            import dagster as dg
            from pkg.partitions import daily

            @dg.asset(partitions_def=daily)
            def ghost(): ...

            ghost_defs = dg.Definitions(assets=[ghost])
        """,
        "pkg/defs/__init__.py": "",
        "pkg/defs/maybe.py": """
            from pkg.other import ghost_defs  # what it holds is not seen: `ghost` may load
        """,
        "pkg/defs/assets.py": ASSETS + """
    from pkg.partitions import branch, made

    @dg.asset(partitions_def=branch)
    def branched(): ...

    @dg.asset(partitions_def=made)
    def built(): ...

    OPTIONS = {"partitions_def": monthly}

    @dg.asset(**OPTIONS)
    def hidden(): ...

    @dg.asset(partitions_def=dg.DailyPartitionsDefinition("2024-01-01"))
    def other_daily(): ...
""",
        "pkg/defs/jobs.py": """
            import os
            import dagster as dg
            from pkg.partitions import daily, regions
            from pkg.defs.assets import (
                branched, built, customers, hidden, invoices, orders, other_daily, refunds, spec,
            )

            def schedule(name, selection, **options):
                return name  # (a project function: not Dagster's builder)

            group = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("group", selection=dg.AssetSelection.groups("default"))
            )
            everything = dg.build_schedule_from_partitioned_job(dg.define_asset_job("everything"))
            mixed = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("mixed", selection=[orders, invoices])
            )
            differently_written = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("differently_written", selection=[orders, other_daily])
            )
            unpartitioned = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("unpartitioned", selection=[customers])
            )
            from_branch = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("from_branch", selection=[branched])
            )
            from_function = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("from_function", selection=[built])
            )
            from_kwargs = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("from_kwargs", selection=[orders, hidden])
            )
            maybe_loaded = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("maybe_loaded", selection=["ghost"])
            )
            nobody = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("nobody", selection=["no_such_asset"])
            )
            not_executable = dg.build_schedule_from_partitioned_job(
                dg.define_asset_job("not_executable", selection=[spec])
            )
            daily_job = dg.define_asset_job("daily_job", selection=[orders], partitions_def=daily)
            from_env = dg.build_schedule_from_partitioned_job(
                daily_job, name="from_env", hour_of_day=int(os.environ["HOUR"])
            )
            both_days = dg.build_schedule_from_partitioned_job(
                daily_job, name="both_days", day_of_week=1, day_of_month=2
            )
            own_cron = dg.build_schedule_from_partitioned_job(
                daily_job, name="own_cron", cron_schedule="0 1 * * *"
            )
            day_on_daily = dg.build_schedule_from_partitioned_job(
                daily_job, name="day_on_daily", day_of_week=3
            )
            weekly_job = dg.define_asset_job("weekly_job", selection=["reports/weekly_report"])
            both_days_weekly = dg.build_schedule_from_partitioned_job(
                weekly_job, name="both_days_weekly", day_of_week=1, day_of_month=2
            )
            static_job = dg.define_asset_job("static_job", selection=[orders],
                                             partitions_def=regions)
            static = dg.build_schedule_from_partitioned_job(static_job)

            @dg.op
            def work(): ...

            @dg.job
            def plain_job():
                work()

            plain = dg.build_schedule_from_partitioned_job(plain_job)

            @dg.job(config=dg.daily_partitioned_config(start_date="2024-01-01")(lambda s, e: {}))
            def configured_job():
                work()

            configured = dg.build_schedule_from_partitioned_job(configured_job)
        """,
    }
    schedules = _schedules(files, settle=True)
    unresolved = ("unresolved", ["cron_schedule"])
    assert schedules == {
        name: unresolved
        for name in (
            "group_schedule", "everything_schedule", "mixed_schedule",
            "differently_written_schedule", "unpartitioned_schedule", "from_branch_schedule",
            "from_function_schedule", "from_kwargs_schedule", "nobody_schedule",
            "not_executable_schedule", "from_env", "both_days", "own_cron", "day_on_daily",
            "both_days_weekly", "maybe_loaded_schedule",
            "static_job_schedule", "plain_job_schedule", "configured_job_schedule",
        )
    }


def test_an_unresolved_cron_names_the_call() -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/defs/__init__.py": "",
        "pkg/defs/jobs.py": """
            import dagster as dg

            job = dg.define_asset_job("job", selection=dg.AssetSelection.all())
            nightly = dg.build_schedule_from_partitioned_job(job)
        """,
    }
    data: Any = to_json(build_listing(project(files)))
    assert data["schedules"] == [
        {
            "name": "job_schedule",
            "cron_schedule": None,
            "source": "pkg/defs/jobs.py:5",
            "unresolved": [{"field": "cron_schedule", "location": "pkg/defs/jobs.py:5:10"}],
        }
    ]


def test_a_name_passed_by_position_names_the_schedule() -> None:
    """`build_schedule_from_partitioned_job(job, description, name)`: Dagster's order."""
    scan = scan_source(
        "import dagster as dg\n"
        "j = dg.define_asset_job('j', selection=['a'])\n"
        "s = dg.build_schedule_from_partitioned_job(j, 'nightly', 'orders_nightly')\n"
        "t = dg.build_schedule_from_partitioned_job(j, 'nightly')\n",
        "pkg.defs.m",
    )
    assert [d.name for d in scan.definitions] == ["j", "orders_nightly", "j_schedule"]
