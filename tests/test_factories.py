"""Factories and definitions built in place (issue 10, items 1 and 2): the scan evaluates a
call of a function that builds a definition, with the call's arguments bound, in the same
module or across modules; what it cannot tell stays unresolved, never guessed. In memory;
the real loader's verdicts are in tests/test_model_oracle.py (`factories_*`)."""

from __future__ import annotations

import textwrap

import pytest

from flake8_dgdefs.loading.resolver import unsettled
from flake8_dgdefs.model import Definition, Details, ModuleScan
from flake8_dgdefs.project_map import ModuleInfo
from flake8_dgdefs.scan import scan_source

FACTORIES = """
    import dagster as dg
    from pkg import settings

    KIND = "snowflake"

    def region_orders(region, group=settings.GROUP, *, prefix=("shop",)):
        @dg.asset(name=f"orders_{region}", key_prefix=prefix, group_name=group, kinds={KIND})
        def _orders(): ...

        return _orders

    def raw_table(table, owner="team:data"):
        key = ["raw", table]
        return dg.AssetSpec(key=key, group_name="raw", owners=[owner])

    def two_returns(flag):
        if flag:
            return dg.AssetSpec("a")
        return dg.AssetSpec("b")

    def region_job(region):
        return dg.define_asset_job(f"{region}_job", selection=[f"shop/orders_{region}"])

    def rebound_in_a_branch(flag):
        spec = dg.AssetSpec("a")
        if flag:
            spec = dg.AssetSpec("b")
        return spec
"""


def _settled(**sources: str) -> dict[str, ModuleScan]:
    """Scan modules as the project map does: again with the values they import, until
    their values settle."""
    texts = {name: textwrap.dedent(source) for name, source in sources.items()}
    modules = {
        name: ModuleInfo(name, name.replace(".", "/") + ".py", False, scan_source(text, name))
        for name, text in texts.items()
    }
    for _ in range(8):
        todo = unsettled(modules)
        if not todo:
            break
        for module, given in todo:
            scan = scan_source(texts[module.name], module.name, False, given)
            modules[module.name] = ModuleInfo(module.name, module.path, False, scan)
    return {name: module.scan for name, module in modules.items()}


def _project(caller: str) -> dict[str, ModuleScan]:
    return _settled(
        **{
            "pkg.settings": "GROUP = 'sales'\nREGIONS = ('eu', 'us')\n",
            "pkg.factories": FACTORIES,
            "pkg.defs.orders": caller,
        }
    )


def _found(scan: ModuleScan) -> list[tuple[str | None, str | None, tuple[str, ...], int]]:
    items: list[Definition] = [
        *scan.definitions,
        *(g.definition for g in scan.loading.gathered),
        *(i.definition for i in scan.loading.inline),
    ]
    return [(d.binding, d.kind, d.keys, d.line) for d in items]


def _details(scan: ModuleScan, binding: str) -> Details:
    return next(d for d in scan.definitions if d.binding == binding).details


def test_an_imported_factory_is_evaluated_with_positional_keyword_and_default_arguments() -> None:
    scan = _project(
        """
        from pkg.factories import region_orders
        from pkg.settings import REGIONS
        from pkg import factories

        orders_eu = region_orders(REGIONS[0])
        orders_us = region_orders(region=REGIONS[1], group="us_sales", prefix=["us"])
        orders_apac = factories.region_orders("apac", "apac")
        """
    )["pkg.defs.orders"]
    assert _found(scan) == [
        ("orders_eu", "asset", ("shop/orders_eu",), 6),
        ("orders_us", "asset", ("us/orders_us",), 7),
        ("orders_apac", "asset", ("shop/orders_apac",), 8),
    ]
    assert _details(scan, "orders_eu").group == "sales"  # the default, from settings
    assert _details(scan, "orders_us").group == "us_sales"
    assert _details(scan, "orders_eu").kinds == ("snowflake",)  # the factory's constant


def test_a_factory_in_a_comprehension_and_a_list_gives_one_definition_per_item() -> None:
    scan = _project(
        """
        from pkg.factories import raw_table

        raw_tables = [raw_table(name) for name in ("orders", "customers")]
        more = [raw_table("payments", owner="team:finance"), raw_table("refunds")]
        """
    )["pkg.defs.orders"]
    assert [(g.binding, g.definition.keys, g.collected) for g in scan.loading.gathered] == [
        ("raw_tables", ("raw/orders",), True),
        ("raw_tables", ("raw/customers",), True),
        ("more", ("raw/payments",), True),
        ("more", ("raw/refunds",), True),
    ]
    owners = [g.definition.details.owners for g in scan.loading.gathered]
    assert owners == [("team:data",), ("team:data",), ("team:finance",), ("team:data",)]


def test_a_factory_of_the_same_module_sees_the_module_as_it_is_when_called() -> None:
    scan = _settled(
        **{
            "pkg.defs.local": """
                import dagster as dg

                GROUP = "first"

                def summary(name, *deps):
                    @dg.asset(name=name, group_name=GROUP, deps=list(deps))
                    def _summary(): ...
                    return _summary

                daily = summary("daily_summary")
                GROUP = "second"
                weekly = summary("weekly_summary", "daily_summary")
            """
        }
    )["pkg.defs.local"]
    assert _found(scan) == [
        ("daily", "asset", ("daily_summary",), 11),
        ("weekly", "asset", ("weekly_summary",), 13),
    ]
    assert _details(scan, "daily").group == "first"
    assert _details(scan, "weekly").group == "second"


@pytest.mark.parametrize(
    "call",
    [
        "region_orders(os.environ['REGION'])",  # read at import time
        "region_orders(*REGIONS)",  # unpacked: which goes where is not read
        "region_orders(region=compute())",
    ],
)
def test_an_argument_that_is_not_a_known_value_leaves_what_it_shapes_unresolved(
    call: str,
) -> None:
    scan = _project(
        f"import os\nfrom pkg.factories import region_orders\nREGIONS = ('eu',)\nx = {call}\n"
    )["pkg.defs.orders"]
    (definition,) = scan.definitions
    assert (definition.binding, definition.name, definition.keys) == ("x", None, ())
    assert definition.line == 4
    unresolved = definition.details.unresolved
    assert isinstance(unresolved, tuple)
    # placed at the call, where `list` names it, not inside the factory's body
    assert {(line, col) for _, line, col in unresolved} <= {(4, 0)}


@pytest.mark.parametrize(
    "call",
    [
        "two_returns(True)",  # which return runs is not certain
        "rebound_in_a_branch(True)",  # which binding is returned is not certain
        "region_orders()",  # a missing argument: the call raises
        "region_orders('eu', 'g', 'extra')",  # one too many
        "region_orders('eu', nope=1)",  # an unknown keyword
        "len(REGIONS)",  # not a factory
    ],
)
def test_a_call_that_cannot_be_evaluated_builds_nothing_it_could_guess(call: str) -> None:
    scan = _project(
        "from pkg.factories import region_orders, rebound_in_a_branch, two_returns\n"
        f"REGIONS = ('eu',)\nx = {call}\n"
    )["pkg.defs.orders"]
    assert scan.definitions == ()


def test_a_parameter_named_like_a_module_constant_hides_it() -> None:
    scan = _settled(
        **{
            "pkg.defs.shadow": """
                import dagster as dg

                name = "module_level"

                def make(name):
                    return dg.AssetSpec(name)

                spec = make(undefined_value())
            """
        }
    )["pkg.defs.shadow"]
    (definition,) = scan.definitions
    assert definition.keys == ()  # not "module_level"


def test_a_factory_building_a_job_and_a_schedule_on_a_passed_job() -> None:
    scan = _project(
        """
        import dagster as dg
        from pkg.factories import region_job

        def nightly(job, hour):
            return dg.ScheduleDefinition(job=job, cron_schedule=f"0 {hour} * * *")

        eu_job = region_job("eu")
        eu_nightly = nightly(eu_job, 2)
        """
    )["pkg.defs.orders"]
    assert _found(scan) == [
        ("eu_job", "job", ("eu_job",), 8),
        ("eu_nightly", "schedule", ("eu_job_schedule",), 9),
    ]
    assert _details(scan, "eu_nightly").cron == "0 2 * * *"


def test_definitions_built_inside_definitions_calls_are_scanned() -> None:
    scan = _settled(
        **{
            "pkg.definitions": """
                import dagster as dg

                SHEETS = ("budget", "forecast")
                NAME = "module_level"

                defs = dg.Definitions(
                    assets=[dg.AssetSpec(f"sheet_{s}", group_name="sheets") for s in SHEETS],
                    jobs=[dg.define_asset_job("sheets_job", selection=["sheet_budget"])],
                )

                @dg.definitions
                def more():
                    NAME = compute()
                    return dg.Definitions(assets=[dg.AssetSpec(NAME), dg.AssetSpec("fixed")])
            """
        }
    )["pkg.definitions"]
    assert [(i.argument, i.scope, i.definition.keys) for i in scan.loading.inline] == [
        ("assets", None, ("sheet_budget",)),
        ("assets", None, ("sheet_forecast",)),
        ("jobs", None, ("sheets_job",)),
        ("assets", "more", ()),  # the function's own NAME hides the module's
        ("assets", "more", ("fixed",)),
    ]


def test_what_a_factory_leaves_unresolved_is_placed_at_the_call() -> None:
    scan = _project(
        "from pkg.factories import region_orders\nREGIONS = ('eu', 'g')\n\n"
        "x = region_orders(*REGIONS)\n"
    )["pkg.defs.orders"]
    (definition,) = scan.definitions
    # the group comes from an unpacked argument: not read; named where the call is
    assert definition.details.unresolved == (("group", 4, 0),)


@pytest.mark.parametrize(
    "mapper, group",
    [
        ("lambda spec: spec.replace_attributes(group_name=GROUP)", "sales"),
        ("lambda spec: spec.replace_attributes(group_name=GROUP, tags={})", None),
        ("lambda spec: spec.merge_attributes(group_name=GROUP)", None),
        ("regroup", None),
    ],
)
def test_map_asset_specs_gives_its_group_only_when_it_is_read_exactly(
    mapper: str, group: str | None
) -> None:
    scan = _settled(
        **{
            "pkg.definitions": f"""
                import dagster as dg
                from pkg import late

                GROUP = "sales"

                defs = dg.Definitions(
                    assets=dg.map_asset_specs({mapper}, [late.daily_sales, late.weekly]),
                )
            """
        }
    )["pkg.definitions"]
    assert [(n.name, n.wrapper, n.group) for n in scan.loading.listed] == [
        ("late.daily_sales", "map_asset_specs", group),
        ("late.weekly", "map_asset_specs", group),
    ]


@pytest.mark.parametrize(
    "mapper, group",
    [
        ("lambda spec: spec.replace_attributes(group_name=GROUP)", "sales"),
        ("lambda spec: spec.merge_attributes(tags={'a': 'b'})", None),
    ],
)
def test_map_asset_specs_over_specs_built_in_place(mapper: str, group: str | None) -> None:
    """The copies of specs written inside the call: in the function's group, or with
    whatever the function may change unresolved at the spec."""
    scan = _settled(
        **{
            "pkg.definitions": f"""
                import dagster as dg

                GROUP = "sales"

                defs = dg.Definitions(
                    assets=dg.map_asset_specs({mapper}, [dg.AssetSpec("x", group_name="h")]),
                )
            """
        }
    )["pkg.definitions"]
    (inline,) = scan.loading.inline
    details = inline.definition.details
    if group is not None:
        assert (details.group, details.unresolved) == (group, ())
    else:
        assert details.unresolved_fields() == {
            "group", "description", "kinds", "owners", "tags"
        }


def test_a_function_s_own_name_in_deps_is_never_the_module_s() -> None:
    """`deps=upstream` where `upstream` is a local the scan does not know (in a @definitions
    function, in a factory): unresolved, not the module's list of the same name."""
    source = textwrap.dedent(
        """
        import dagster as dg
        from pkg.lib import compute

        @dg.definitions
        def defs():
            upstream = compute()
            down = dg.AssetSpec("down", deps=upstream)
            return dg.Definitions(assets=[down])

        def make(name):
            upstream = compute()
            return dg.AssetSpec(name, deps=upstream)

        x = make("x")
        upstream = [dg.AssetSpec("module_up")]
        """
    )
    scan = scan_source(source, "pkg.definitions")
    built = [i.definition for i in scan.loading.inline] + list(scan.definitions)
    assert [d.name for d in built] == ["down", "x"]
    for definition in built:
        details = definition.details
        assert details.dep_refs == ()
        assert [field for field, _, _ in details.unresolved] == ["deps"]
