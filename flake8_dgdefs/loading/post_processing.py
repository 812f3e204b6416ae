"""What a component file's `post_processing:` does to the assets `list` shows.

Dagster 1.13 applies the rules of a component file's `post_processing: assets:` to the
definitions that component builds: for a `DefsFolderComponent`, every definition of its
folder and of the folders below it, after the rules of the folders below. Each rule maps
the asset specs its `target` selects (`"*"`, the default: all of them) with
`AssetSpec.replace_attributes`, except `tags` under `operation: merge` (the default),
merged with `merge_attributes` (so `kinds` and `owners` are replaced even by a merge).
SourceAssets (`observable_source_asset`, `SourceAsset`) pass through untouched; the stubs
Dagster adds for keys nothing defines are made later, untouched too. An asset key cannot be
changed (`key` is not an attribute Dagster takes there).

Pure: the component files of the project map in, the fields `list` shows out. What is not
read exactly (a target other than `"*"`, a value the reader left as None, a block it could
not read) leaves the fields it may change unresolved, at the YAML file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable

from flake8_dgdefs.model import pairs_of, strings_of
from flake8_dgdefs.project_map import Attribute, AssetRule, PostProcessing

if TYPE_CHECKING:  # pragma: no cover - load.py's model reads this module
    from flake8_dgdefs.loading.load import Loaded, LoadModel

#: Attributes -> the `dg list defs` field they change.
FIELDS = {
    "group_name": "group_name",
    "description": "description",
    "kinds": "kinds",
    "owners": "owners",
    "tags": "tags",
    "deps": "dependency_keys",
}
#: What an unread block may change.
ALL_FIELDS = tuple(FIELDS.values())
#: Definitions that make SourceAssets, which post-processing passes through.
SOURCE_ASSET_KINDS = frozenset({"observable_source_asset", "source asset"})


@dataclass(frozen=True)
class Shown:
    """What `list` shows of one asset that post-processing may change."""

    group: str | None  # None: unresolved
    description: str | None
    kinds: tuple[str, ...]
    owners: tuple[str, ...]
    tags: tuple[tuple[str, str], ...]
    unresolved: tuple[tuple[str, str], ...] = ()  # (field, location) of what is not known


def steps_of(model: LoadModel, item: Loaded) -> tuple[PostProcessing, ...]:
    """The post-processing Dagster applies to a loaded asset, in order (innermost folder
    first): that of the DefsFolderComponent folders holding the defs module it is reached
    through (or copied in). Not for objects passed by hand, nor for SourceAssets."""
    from flake8_dgdefs.loading.load import AUTOLOADED

    if item.how not in (AUTOLOADED, "copied") or item.definition.kind in SOURCE_ASSET_KINDS:
        return ()
    module = model.project.modules.get(item.via)
    return model.walk.post_processing(module) if module is not None else ()


def group_after(model: LoadModel, item: Loaded, group: str | None) -> str | None:
    """An asset's group once post-processed (None: not known): Dagster matches a one-part
    dependency within the group after post-processing."""
    steps = steps_of(model, item)
    if not steps:
        return group
    return post_process(Shown(group, None, (), (), ()), steps).group


def setting(steps: Iterable[PostProcessing], name: str, prefix: str = "") -> tuple[str, ...]:
    """Where some rule may set the attribute `name` (or a block not read may): locations.

    For what `list` shows only through its effect elsewhere: `partitions_def` (the crons of
    schedules built from assets' partitions), `automation_condition` (Dagster then adds
    its sensor `default_automation_condition_sensor`)."""
    found: list[str] = []
    for step in steps:
        if step.rules is None:
            found.append(f"{prefix}{step.path}:{step.line}:{step.col}")
            continue
        found.extend(
            f"{prefix}{step.path}:{attribute.line}:{attribute.col}"
            for rule in step.rules
            for attribute in rule.attributes
            if attribute.name == name
        )
    return tuple(dict.fromkeys(found))


def post_process(shown: Shown, steps: Iterable[PostProcessing], prefix: str = "") -> Shown:
    """`shown` after the rules of `steps`, applied in order as Dagster applies them.

    `prefix`: the package folder relative to the project folder, for locations."""
    for step in steps:
        if step.rules is None:
            where = f"{prefix}{step.path}:{step.line}:{step.col}"
            for field in ALL_FIELDS:
                shown = _unknown(shown, field, where)
            continue
        for rule in step.rules:
            shown = _apply(shown, rule, f"{prefix}{step.path}")
    return shown


def _apply(shown: Shown, rule: AssetRule, path: str) -> Shown:
    for attribute in rule.attributes:
        field = FIELDS.get(attribute.name)
        if field is None:
            continue  # not shown by `list`
        where = f"{path}:{attribute.line}:{attribute.col}"
        if field == "dependency_keys" or rule.target != "*" or attribute.value is None:
            shown = _unknown(shown, field, where)
        else:
            shown = _set(shown, attribute, rule.operation == "merge")
    return shown


def _set(shown: Shown, attribute: Attribute, merge: bool) -> Shown:
    """One attribute read exactly, applied to every asset (`target: "*"`)."""
    field = FIELDS[attribute.name]
    value = attribute.value
    if attribute.name == "tags" and merge:
        if any(f == "tags" for f, _ in shown.unresolved):
            return shown  # merged into tags not known: still not known
        merged = dict(shown.tags)
        merged.update((str(k), str(v)) for k, v in pairs_of(value))
        return replace(shown, tags=tuple(sorted(merged.items())))
    known = tuple(u for u in shown.unresolved if u[0] != field)
    if attribute.name == "group_name":
        return replace(shown, group=str(value), unresolved=known)
    if attribute.name == "description":
        return replace(shown, description=str(value), unresolved=known)
    if attribute.name == "kinds":
        return replace(shown, kinds=tuple(sorted(set(strings_of(value)))), unresolved=known)
    if attribute.name == "owners":
        return replace(shown, owners=strings_of(value), unresolved=known)
    tags = dict((str(k), str(v)) for k, v in pairs_of(value))
    return replace(shown, tags=tuple(sorted(tags.items())), unresolved=known)


def _unknown(shown: Shown, field: str, where: str) -> Shown:
    """The field may change in a way not read: unresolved (its value cleared)."""
    if field == "dependency_keys":  # the keys stay listed, as for other unresolved deps
        if any(f == field for f, _ in shown.unresolved):
            return shown
        return replace(shown, unresolved=(*shown.unresolved, (field, where)))
    cleared = {
        "group_name": {"group": None},
        "description": {"description": None},
        "kinds": {"kinds": ()},
        "owners": {"owners": ()},
        "tags": {"tags": ()},
    }[field]
    unresolved = shown.unresolved
    if not any(f == field for f, _ in unresolved):
        unresolved = (*unresolved, (field, where))
    return replace(shown, unresolved=unresolved, **cleared)  # type: ignore[arg-type]
