"""Locals of a `@definitions` function (issue 9): the scan evaluates a function's
straight-line locals (bound once, at the body's top level, before the `Definitions(...)` call)
and what they hold is built where it is passed; any other local stays unresolved, never
taken for the module's name of the same spelling. In memory; the real loader's verdicts are
in tests/test_model_oracle.py (`definitions_locals*`)."""

from __future__ import annotations

import textwrap

import pytest

from flake8_dgdefs.listing import build_listing
from flake8_dgdefs.loading import LoadModel
from flake8_dgdefs.model import Details, InlineDefinition, ModuleScan
from flake8_dgdefs.scan import scan_source
from tests.test_factories import FACTORIES, _settled
from tests.test_rules_unit import build, codes

EXAMPLE = """
    import dagster as dg
    from pkg import other_module
    from pkg.factories import region_orders
    from pkg.settings import GROUP

    region = "us"  # the module's: hidden inside defs()

    @dg.definitions
    def defs():
        region = "eu"
        orders = dg.AssetSpec(f"orders_{region}", group_name=GROUP, tags={"region": region})
        shipped = region_orders(region)
        nightly = dg.define_asset_job(f"nightly_{region}", selection=[f"shop/orders_{region}"])
        weekly = dg.define_asset_job("weekly")
        specs = [dg.AssetSpec(f"sheet_{n}", deps=[orders]) for n in ("a", "b")]
        return dg.Definitions(
            assets=[orders, shipped, *specs, other_module.asset_x],
            jobs=[nightly],
            schedules=[
                dg.ScheduleDefinition(job=nightly, cron_schedule="0 0 * * *"),
                dg.ScheduleDefinition(job=weekly, cron_schedule="0 6 * * 1"),
            ],
        )
"""


def _scan(source: str) -> ModuleScan:
    return _settled(
        **{
            "pkg.settings": "GROUP = 'sales'\nREGIONS = ('eu', 'us')\n",
            "pkg.factories": FACTORIES,
            "pkg.definitions": source,
        }
    )["pkg.definitions"]


def _inline(scan: ModuleScan) -> list[tuple[str, str | None, str, tuple[str, ...], int]]:
    return [
        (i.argument, i.scope, i.definition.kind, i.definition.keys, i.definition.line)
        for i in scan.loading.inline
    ]


def _details(inline: InlineDefinition) -> Details:
    return inline.definition.details


def test_the_locals_of_a_definitions_function_become_what_they_build() -> None:
    scan = _scan(EXAMPLE)
    assert _inline(scan) == [
        ("assets", "defs", "asset spec", ("orders_eu",), 12),
        ("assets", "defs", "asset", ("shop/orders_eu",), 13),  # a factory, a local argument
        ("assets", "defs", "asset spec", ("sheet_a",), 16),
        ("assets", "defs", "asset spec", ("sheet_b",), 16),
        ("jobs", "defs", "job", ("nightly_eu",), 14),
        ("schedules", "defs", "schedule", ("nightly_eu_schedule",), 21),
        ("jobs", "defs", "job", ("nightly_eu",), 14),  # the schedule's job: one object
        ("schedules", "defs", "schedule", ("weekly_schedule",), 22),
        ("jobs", "defs", "job", ("weekly",), 15),  # reached only through the schedule
    ]
    inline = scan.loading.inline
    assert all(i.definition.binding is None for i in inline)
    assert _details(inline[0]).group == "sales"  # from the module's import
    assert _details(inline[0]).tags == (("region", "eu"),)
    assert _details(inline[2]).deps == ("orders_eu",)
    assert _details(inline[1]).group == "sales"  # the factory's default
    assert _details(inline[4]).selection == (("key", "shop/orders_eu"),)
    assert _details(inline[5]).job == "nightly_eu"
    # the local jobs' references name no module attribute
    assert str(_details(inline[5]).job_ref).endswith(".defs.<locals>.nightly")
    # what is passed by attribute is listed as before
    assert [(n.name, n.qualified) for n in scan.loading.listed] == [
        ("other_module.asset_x", "pkg.other_module.asset_x")
    ]


@pytest.mark.parametrize(
    "body",
    [
        # bound twice
        'orders = dg.AssetSpec("a")\n    orders = orders.with_attributes(group_name="g")',
        'orders = dg.AssetSpec("a")\n    orders += []',
        # in a branch, a loop, a with block, a try
        'if flag():\n        orders = dg.AssetSpec("a")',
        'for _ in range(1):\n        orders = dg.AssetSpec("a")',
        'with ctx():\n        orders = dg.AssetSpec("a")',
        'try:\n        orders = dg.AssetSpec("a")\n    except ValueError:\n        pass',
        # from a call the scan does not know
        "orders = build_orders()",
        # declared global
        'global orders\n    orders = dg.AssetSpec("a")',
        # bound again by a comprehension or a nested function
        'orders = dg.AssetSpec("a")\n    _ = [orders for orders in ()]',
        'orders = dg.AssetSpec("a")\n\n    def orders(): ...',
        # a list changed in place
        'orders = [dg.AssetSpec("a")]\n    orders.append(dg.AssetSpec("b"))',
        'orders = [dg.AssetSpec("a")]\n    extend(orders)',
        'orders = [dg.AssetSpec("a")]\n    extend_all([orders])',
    ],
)
def test_a_local_that_is_not_certain_stays_unresolved(body: str) -> None:
    source = textwrap.dedent(
        """
        import dagster as dg

        orders = dg.AssetSpec("module_orders")

        @dg.definitions
        def defs():
            {body}
            return dg.Definitions(assets=[orders])
        """
    ).replace("{body}", body)
    scan = scan_source(source, "pkg.definitions")
    assert [i.definition.keys for i in scan.loading.inline] == []
    # the function's own `orders`, never the module's
    assert {(n.name, n.qualified) for n in scan.loading.listed} == {
        ("orders", "pkg.definitions.defs.<locals>.orders")
    }


def test_locals_of_every_evaluated_sort_and_a_call_in_a_nested_function() -> None:
    scan = scan_source(
        textwrap.dedent(
            """
            import dagster as dg

            orders = dg.AssetSpec("module_orders")

            @dg.definitions
            def defs():
                prefix: str = "shop"
                tables = ["orders", "refunds"]
                daily = dg.DailyPartitionsDefinition(start_date="2024-01-01")
                first = dg.AssetSpec([prefix, tables[0]], partitions_def=daily)
                same = first

                def more():
                    orders = dg.AssetSpec("nested")
                    return dg.Definitions(assets=[orders, same])

                return dg.Definitions.merge(more(), dg.Definitions(assets=[first, same]))
            """
        ),
        "pkg.definitions",
    )
    assert [(i.definition.keys, i.definition.line) for i in scan.loading.inline] == [
        (("shop/orders",), 11),  # `same`, from the nested function: the outer local
        (("shop/orders",), 11),
        (("shop/orders",), 11),
    ]
    assert scan.loading.inline[0].definition.details.partitions
    # the nested function's own `orders` is bound twice in defs(): not known, not the module's
    assert [(n.name, n.qualified) for n in scan.loading.listed] == [
        ("orders", "pkg.definitions.defs.<locals>.orders")
    ]


def test_a_parameter_and_a_local_bound_after_the_call_are_not_known() -> None:
    scan = scan_source(
        textwrap.dedent(
            """
            import dagster as dg

            NAME = "module_name"

            def build(name, table="fixed"):
                spec = dg.AssetSpec(name)
                extra = dg.Definitions(assets=[dg.AssetSpec(later), spec])
                later = "late"
                return dg.Definitions.merge(extra, dg.Definitions(assets=[dg.AssetSpec(NAME)]))

            @dg.definitions
            def defs(context):
                NAME = context.name
                return build(NAME)
            """
        ),
        "pkg.definitions",
    )
    # `name` is a parameter: the spec built from it has no known key; `later` is bound
    # after the call that uses it; the module's NAME is read where no local hides it
    assert [(i.scope, i.definition.keys) for i in scan.loading.inline] == [
        ("build", ()),
        ("build", ()),
        ("build", ("module_name",)),
    ]


def test_a_list_passed_to_a_dagster_call_is_still_what_it_was_built_as() -> None:
    scan = scan_source(
        textwrap.dedent(
            """
            import dagster as dg

            @dg.definitions
            def defs():
                tables = ["orders", "refunds"]
                specs = [dg.AssetSpec(f"raw_{t}") for t in tables]
                job = dg.define_asset_job("raw_job", selection=[f"raw_{t}" for t in tables])
                return dg.Definitions(
                    assets=dg.with_source_code_references([*specs]), jobs=[job]
                )
            """
        ),
        "pkg.definitions",
    )
    assert [(i.argument, i.definition.keys) for i in scan.loading.inline] == [
        ("assets", ("raw_orders",)),
        ("assets", ("raw_refunds",)),
        ("jobs", ("raw_job",)),
    ]


def test_map_asset_specs_over_a_local_is_not_followed() -> None:
    scan = scan_source(
        textwrap.dedent(
            """
            import dagster as dg

            @dg.definitions
            def defs():
                spec = dg.AssetSpec("a")
                return dg.Definitions(assets=dg.map_asset_specs(regroup, [spec]))
            """
        ),
        "pkg.definitions",
    )
    assert scan.loading.inline == ()
    assert [(n.name, n.wrapper) for n in scan.loading.listed] == [("spec", "map_asset_specs")]


DEFINITIONS = """
    from pathlib import Path

    import dagster as dg

    @dg.definitions
    def defs():
        prefix = "shop"
        orders = dg.AssetSpec([prefix, "orders"])
        return dg.Definitions.merge(
            dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
            dg.Definitions(assets=[orders]),
        )
"""


def test_a_local_whose_key_clashes_with_an_autoloaded_asset_is_a_duplicate() -> None:
    project = build(
        {
            "defs/orders.py": 'import dagster as dg\norders = dg.AssetSpec(["shop", "orders"])\n'
        },
        loader=DEFINITIONS,
    )
    assert codes(project, "p.definitions") == [(9, "DGD401")]
    model = LoadModel(project)
    assert [(c.key, c.later.origin.name) for c in model.clashes] == [
        ("shop/orders", "p.definitions")
    ]


def test_a_local_is_certain_only_where_inline_definitions_are() -> None:
    """In a @definitions function of the code location: certain (it is listed and takes
    part in the duplicate rules); in a plain function: only possibly loaded."""
    certain = LoadModel(build({}, loader=DEFINITIONS))
    assert [(i.definition.keys, i.certain) for i in certain.items] == [(("shop/orders",), True)]
    plain = DEFINITIONS.replace("    @dg.definitions\n", "").replace(
        "def defs():", "def make():"
    ) + "\n    defs = make()\n"
    possible = LoadModel(build({}, loader=plain))
    assert [(i.definition.keys, i.certain) for i in possible.items] == [
        (("shop/orders",), False)
    ]


def test_list_shows_locals_and_names_the_uncertain_ones() -> None:
    listing = build_listing(build({}, loader=DEFINITIONS))
    assert [a.key for a in listing.assets] == ["shop/orders"]
    assert listing.unseen == ()
    twice = DEFINITIONS.replace(
        "        return", "        orders = orders.with_attributes(group_name='g')\n        return"
    )
    listing = build_listing(build({}, loader=twice))
    assert listing.assets == ()
    assert ["orders, passed by hand, not followed" in u.location for u in listing.unseen] == [
        True
    ]


def test_a_takeover_loads_its_local_not_the_module_attribute_of_the_same_name() -> None:
    """A defs module whose @definitions function builds a local `orders`: the function's
    `orders` is not the module's, which the takeover drops (no clash of the two)."""
    project = build(
        {
            "defs/orders.py": """
                import dagster as dg

                orders = dg.AssetSpec("orders", group_name="old")

                @dg.definitions
                def defs():
                    orders = dg.AssetSpec("orders", group_name="new")
                    return dg.Definitions(assets=[orders])
            """
        }
    )
    model = LoadModel(project)
    assert [(i.definition.line, i.certain) for i in model.items] == [(8, True)]
    assert codes(project, "p.defs.orders") == [(4, "DGD302")]
    (obj,) = project.modules["p.defs.orders"].scan.loading.definitions_objects
    assert "orders" not in obj.contains


@pytest.mark.parametrize(
    "sequence, keys",
    [
        ('[first, *sheets, dg.AssetSpec("x")]', [("a",), ("s_1",), ("s_2",), ("x",)]),
        ("(first, first)", [("a",), ("a",)]),
        ("[*sheets]", [("s_1",), ("s_2",)]),
        # an item the scan does not build, a nested list, `*` of one definition: not known
        ("[first, other_module.asset]", None),
        ("[first, sheets]", None),
        ("[*first]", None),
        ('["a", "b"]', None),
    ],
)
def test_a_local_list_of_definitions_holds_them_all_or_is_not_known(
    sequence: str, keys: list[tuple[str, ...]] | None
) -> None:
    scan = scan_source(
        textwrap.dedent(
            f"""
            import dagster as dg
            from pkg import other_module

            @dg.definitions
            def defs():
                first = dg.AssetSpec("a")
                sheets = [dg.AssetSpec(f"s_{{n}}") for n in (1, 2)]
                everything = {sequence}
                return dg.Definitions(assets=everything)
            """
        ),
        "pkg.definitions",
    )
    found = [i.definition.keys for i in scan.loading.inline]
    if keys is None:
        assert found == []
        assert [n.name for n in scan.loading.listed] == ["everything"]
    else:
        assert found == keys
        assert scan.loading.listed == ()
