"""YAML post-processing (issue 10, item 5), in memory: the component file reader, what
Dagster does with the rules (loading.post_processing), the walk's unseen components, and
the listing. The oracle proof is testdata/list/post_processing{,_near_miss} in
tests/test_list_oracle.py."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_dgdefs.component_yaml import read_component_file
from flake8_dgdefs.listing import build_listing, to_json
from flake8_dgdefs.loading import model_of
from flake8_dgdefs.loading.post_processing import Shown, post_process, setting
from flake8_dgdefs.project_map import AssetRule, Attribute, ComponentFile, PostProcessing
from tests.test_rules_unit import build

FOLDER = "type: dagster.DefsFolderComponent\n"


def read(text: str) -> ComponentFile:
    return read_component_file(textwrap.dedent(text), "p/defs/a/defs.yaml")


def rules(text: str) -> tuple[AssetRule, ...] | None:
    post = read(text).post_processing
    assert post is not None
    return post.rules


def values(text: str) -> dict[str, object]:
    found = rules(text)
    assert found is not None
    return {a.name: a.value for rule in found for a in rule.attributes}


# -- the reader ------------------------------------------------------------------------------
def test_reads_types_of_every_document_and_no_post_processing() -> None:
    read_file = read(FOLDER + "---\ntype: my.Thing\n")
    assert (read_file.type, read_file.post_processing, read_file.more) == (
        "dagster.DefsFolderComponent", None, ("my.Thing",)
    )
    assert read("# post_processing:\n" + FOLDER).post_processing is None


def test_reads_the_common_block_exactly() -> None:
    found = rules(FOLDER + textwrap.dedent("""\
        post_processing:
          assets:
            - target: "*"
              attributes:
                group_name: analytics  # a comment
                tags:
                  team: data
                  reviewed: true
                  priority: 2
                owners: ["team:analytics", 'ana@example.com']
            - operation: replace
              attributes:
                kinds:
                - python
                description: Revenue per day
        """))
    assert found is not None
    assert [(r.target, r.operation) for r in found] == [("*", "merge"), ("*", "replace")]
    assert [(a.name, a.value, a.line) for r in found for a in r.attributes] == [
        ("group_name", "analytics", 6),
        ("tags", (("team", "data"), ("reviewed", "True"), ("priority", "2")), 7),
        ("owners", ("team:analytics", "ana@example.com"), 11),
        ("kinds", ("python",), 14),
        ("description", "Revenue per day", 16),
    ]


@pytest.mark.parametrize(
    "attributes, name",
    [
        ('group_name: "{{ env.GROUP }}"', "group_name"),  # a template
        ("group_name: not valid", "group_name"),  # Dagster refuses the group name
        ("group_name: 12", "group_name"),  # a number
        ("tags: {score: 1.5}", "tags"),  # str() of a float: not read
        ("tags: {owner: 'team:x'}", "tags"),  # not a valid tag value
        ("owners: [nobody]", "owners"),  # not an owner Dagster takes
        ("kinds: python", "kinds"),  # not a list
        ("description: yes", "description"),  # a boolean for PyYAML
    ],
)
def test_values_not_read_exactly_are_none(attributes: str, name: str) -> None:
    text = FOLDER + f"post_processing:\n  assets:\n    - attributes:\n        {attributes}\n"
    assert values(text) == {name: None}


@pytest.mark.parametrize(
    "block",
    [
        "  assets:\n    - attributes:\n        description: |\n          text\n",
        "  assets:\n    - attributes:\n        key: renamed\n",  # Dagster refuses it
        "  assets:\n    - target: group:x\n",  # no attributes: refused
        "  assets:\n    - target: *\n      attributes: {}\n",  # an alias, not "*"
        "  assets: &anchor\n    - attributes: {}\n",
        "  other: 1\n",
        "  assets:\n    - attributes: {tags: {a: b}}\n",  # nested flow collections
    ],
)
def test_blocks_of_another_shape_are_not_read(block: str) -> None:
    assert rules(FOLDER + "post_processing:\n" + block) is None


YAML_BITS = st.sampled_from([
    "post_processing:", "assets:", "- ", "-", "attributes:", "target: '*'", "tags:",
    "{a: b}", "[x, 'y']", '"q"', "k: v", "# c", "---", "type: a.B", "  ", "    ", "\t", ":",
    "operation: replace", "group_name: g", "kinds:", "|", "&a", "*a", "'", '"', "{", "]",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(YAML_BITS, max_size=4).map("".join), max_size=12).map("\n".join))
def test_any_text_is_read_without_raising(text: str) -> None:
    read_component_file(text, "p/defs/a/defs.yaml")


def test_an_empty_block_does_nothing() -> None:
    assert rules(FOLDER + "post_processing: {}\n") == ()
    assert rules(FOLDER + "post_processing:\n  assets:\n") == ()


# -- what Dagster does with the rules -------------------------------------------------------
def _step(*rules: AssetRule, read: bool = True) -> PostProcessing:
    return PostProcessing("p/defs/a/defs.yaml", 2, 0, rules if read else None)


def _rule(operation: str = "merge", target: str = "*", **attributes: object) -> AssetRule:
    found = tuple(Attribute(name, value, 5, 8) for name, value in attributes.items())
    return AssetRule(4, 6, target, operation, found)


SHOWN = Shown(
    "finance", "Doc", ("snowflake",), ("team:finance",), (("a", "1"), ("b", "x")),
    (("owners", "p/defs/a/m.py:3:0"),),
)


def test_merge_merges_tags_and_replaces_the_rest() -> None:
    step = _step(
        _rule(group_name="analytics", tags=(("a", "2"), ("c", "3")), kinds=("python",),
              owners=("team:analytics",))
    )
    assert post_process(SHOWN, [step]) == Shown(
        "analytics", "Doc", ("python",), ("team:analytics",),
        (("a", "2"), ("b", "x"), ("c", "3")),
    )


def test_replace_replaces_tags_and_keeps_what_it_does_not_set() -> None:
    shown = post_process(SHOWN, [_step(_rule("replace", tags=(("only", "this"),)))])
    assert (shown.tags, shown.kinds, shown.group) == (
        (("only", "this"),), ("snowflake",), "finance"
    )


def test_inner_folders_first_then_outer() -> None:
    inner = _step(_rule("replace", group_name="inner", tags=(("inner", "yes"),)))
    outer = _step(_rule(group_name="outer", tags=(("team", "data"),)))
    shown = post_process(SHOWN, [inner, outer])
    assert (shown.group, shown.tags) == ("outer", (("inner", "yes"), ("team", "data")))


def test_what_is_not_read_is_unresolved_at_the_yaml_file() -> None:
    selected = post_process(SHOWN, [_step(_rule(target="tag:x=y", group_name="g"))], "src/")
    assert selected.group is None
    assert ("group_name", "src/p/defs/a/defs.yaml:5:8") in selected.unresolved
    template = post_process(SHOWN, [_step(_rule(description=None))])
    assert template.description is None and template.tags == SHOWN.tags
    deps = post_process(SHOWN, [_step(_rule(deps=None))])
    assert [f for f, _ in deps.unresolved] == ["owners", "dependency_keys"]
    unread = post_process(SHOWN, [_step(read=False)])
    assert {f for f, _ in unread.unresolved} == {
        "group_name", "description", "kinds", "owners", "tags", "dependency_keys"
    }


def test_merged_into_unresolved_tags_stays_unresolved() -> None:
    shown = Shown("g", None, (), (), (), (("tags", "m.py:1:0"),))
    assert post_process(shown, [_step(_rule(tags=(("a", "b"),)))]) == shown


def test_setting_names_where_partitions_or_automation_may_be_set() -> None:
    step = _step(_rule(automation_condition=None))
    assert setting([step], "automation_condition") == ("p/defs/a/defs.yaml:5:8",)
    assert setting([step], "partitions_def") == ()
    assert setting([_step(read=False)], "partitions_def") == ("p/defs/a/defs.yaml:2:0",)


# -- the walk and the listing ---------------------------------------------------------------
ASSETS = """\
    import dagster as dg

    @dg.asset(group_name="code", tags={"a": "1"})
    def revenue() -> None: ...

    @dg.observable_source_asset(group_name="external")
    def rates() -> dg.DataVersion: ...

    job = dg.define_asset_job("revenue_job", selection=[revenue])
    schedule = dg.ScheduleDefinition(job=job, cron_schedule="0 0 * * *")
    """


def test_the_listing_applies_the_folders_rules_to_its_assets_not_to_source_assets() -> None:
    folder = read(FOLDER + textwrap.dedent("""\
        post_processing:
          assets:
            - attributes:
                group_name: analytics
                tags: {team: data}
        """))
    project = build({"defs/a/m.py": ASSETS}, components={"p/defs/a": folder})
    listing = to_json(build_listing(project))
    assets = {a["asset_key"]: a for a in listing["assets"]}  # type: ignore
    assert assets["revenue"]["group_name"] == "analytics"
    assert assets["revenue"]["tags"] == [
        {"key": "a", "value": "1"}, {"key": "team", "value": "data"}
    ]
    assert assets["rates"]["group_name"] == "external"
    # The job a schedule of the folder targets is rebuilt with it: no clash.
    assert model_of(project).clashes == ()
    assert "unresolved" not in listing


def test_component_folders_of_other_types_are_named_with_or_without_python_files() -> None:
    project = build(
        {"defs/b/m.py": ASSETS},
        components={
            "p/defs/a": ComponentFile("my.Tables"),
            "p/defs/a/inner": ComponentFile("my.Inner"),  # the outer component's
            "p/defs/b": ComponentFile("my.Other"),
            "p/defs/c": ComponentFile("dagster.DefsFolderComponent", None, ("my.Extra",)),
            "p/defs/d": ComponentFile("dagster.DefinitionsComponent"),
            "p/other": ComponentFile("my.Outside"),
        },
    )
    assert model_of(project).walk.unseen_components() == (
        ("p/defs/a", "my.Tables"),
        ("p/defs/b", "my.Other"),
        ("p/defs/c", "my.Extra (a further YAML document)"),
    )
    unseen = [u.location for u in build_listing(project).unseen]
    assert "p/defs/a/: YAML component my.Tables" in unseen
    assert "p/defs/b/: YAML component my.Other" in unseen
