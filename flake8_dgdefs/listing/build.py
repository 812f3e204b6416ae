"""`build_listing`: what the code location loads, as `dg list defs` would print it.

It reads the load model (flake8_dgdefs.loading) and never decides what loads: its certain
objects become entries (listing.collect), what it cannot see or only may load is named in
`unseen`, with the factory calls the scan found (scan.factories).
"""

from __future__ import annotations

from typing import Iterable

from flake8_dgdefs.api import SCHEDULE_KINDS
from flake8_dgdefs.listing.collect import Entries, place
from flake8_dgdefs.listing.entries import (
    AssetEntry,
    Listing,
    LoaderReport,
    ResourceEntry,
    Unresolved,
)
from flake8_dgdefs.loading import Loaded, LoadModel, model_of
from flake8_dgdefs.loading.post_processing import (
    Shown,
    post_process,
    setting,
    steps_of,
)
from flake8_dgdefs.project_map import ModuleInfo, PostProcessing, ProjectMap


def build_listing(project: ProjectMap, prefix: str = "") -> Listing:
    """What the code location loads, as `dg list defs` shows it: the load model's certain
    objects as entries, and what it cannot see (or only may load) as `unseen`.

    `prefix`: the package folder relative to the project folder, for `source` paths.
    """
    model = model_of(project)
    location = model.location
    entries = Entries(model, prefix)
    certain = {item.original for item in model.items if item.certain}
    unseen: list[Unresolved] = []
    for item in model.items:
        if item.certain:
            before = (set(entries.assets), len(entries.unkeyed_assets))
            entries.add(item)
            _post_process(entries, model, item, before, prefix)
        elif item.original not in certain:
            certain.add(item.original)
            unseen.append(
                Unresolved(
                    "definitions",
                    f"{place(prefix, item.origin, item.definition.line)}:"
                    f" {item.definition.kind} {item.definition.label} may load through"
                    f" {item.via}",
                )
            )
    unseen[:0] = [
        Unresolved("definitions", f"{place(prefix, u.module, u.line)}: {u.what}")
        for u in model.unseen
    ]
    skipped: list[tuple[str, str]] = []
    for module, skip in model.skipped:
        if skip.reason == "yaml":
            skipped.append((module.name, f"{skip.folder}/ is a YAML component ({skip.detail})"))
        else:
            skipped.append((module.name, f"load_defs loads only {skip.detail} from {skip.folder}/"))
    problems = [f"{prefix}{module.path}: several Definitions objects" for module in model.refused]
    skipped.extend((m.name, "several Definitions objects (DGD303)") for m in model.refused)
    if location.autoloads or location.target is None:  # the walk happens (LoadModel)
        unseen.extend(
            Unresolved("definitions", f"{prefix}{folder}/: YAML component {component}")
            for folder, component in model.walk.unseen_components()
        )
    notes = list(model.notes)
    if model.defs_module is None and location.target is None:
        notes.append("no defs package and no code location target module found")
    calls = location.calls
    report = LoaderReport(
        loader=location.loader,
        loader_call=f"{prefix}{calls[0][0].path}:{calls[0][1].line}" if calls else None,
        defs_module=model.defs_module,
        target_module=location.target.name if location.target else None,
        walked=tuple(m.name for m in model.walked),
        contributed=tuple(model.contributed),
        skipped=tuple(skipped),
        hand_loaded=tuple(model.hand_loaded),
        notes=tuple(notes),
    )
    listing = _partitions_post_processed(entries.listing(report), model, prefix)
    loaded_modules = list(model.walked)
    if location.target is not None and location.target not in loaded_modules:
        loaded_modules.append(location.target)
    unseen.extend(_factory_results(model, prefix, loaded_modules))
    unseen.extend(entries.unproduced)
    unseen.extend(
        Unresolved(
            "definitions",
            f"{where}: automation_condition set by post_processing: Dagster may add the"
            " sensor default_automation_condition_sensor",
        )
        for where in setting(_all_steps(model), "automation_condition", prefix)
    )
    unseen.extend(
        Unresolved("definitions", f"{u.location}: the stubs of {entry.key}'s unresolved deps")
        for entry in listing.assets
        for u in entry.unresolved
        if u.field == "dependency_keys"
    )
    assets = listing.assets
    if unseen:
        # A dependency nothing listed defines may be one of the unseen definitions: no stub.
        assets = tuple(a for a in assets if a.source is not None or a.executable)
    resources = tuple(
        ResourceEntry(
            resource.key,
            resource.type,
            place(prefix, resource.module, resource.line),
            ()
            if resource.type
            else (
                Unresolved(
                    "type", place(prefix, resource.module, resource.line, resource.col)
                ),
            ),
        )
        for resource in model.resources
    )
    return listing._replace(
        resources=resources,
        assets=assets,
        problems=(*problems, *listing.problems),
        unseen=tuple(unseen),
    )


def _post_process(
    entries: Entries,
    model: LoadModel,
    item: Loaded,
    before: tuple[set[str], int],
    prefix: str,
) -> None:
    """The entries an asset just added, as the YAML post-processing above its module
    leaves them (loading.post_processing): values it sets, or fields it may change."""
    steps = steps_of(model, item)
    if not steps:
        return
    keys, unkeyed = before
    for key in [k for k in entries.assets if k not in keys]:
        entries.assets[key] = _processed(entries.assets[key], steps, prefix)
    for index in range(unkeyed, len(entries.unkeyed_assets)):
        entries.unkeyed_assets[index] = _processed(entries.unkeyed_assets[index], steps, prefix)


def _processed(entry: AssetEntry, steps: tuple[PostProcessing, ...], prefix: str) -> AssetEntry:
    shown = post_process(
        Shown(
            entry.group,
            entry.description,
            entry.kinds,
            entry.owners,
            entry.tags,
            tuple((u.field, u.location) for u in entry.unresolved),
        ),
        steps,
        prefix,
    )
    return entry._replace(
        group=shown.group,
        description=shown.description,
        kinds=shown.kinds,
        owners=shown.owners,
        tags=shown.tags,
        unresolved=tuple(Unresolved(field, where) for field, where in shown.unresolved),
    )


def _partitions_post_processed(listing: Listing, model: LoadModel, prefix: str) -> Listing:
    """A post-processing rule that may set `partitions_def` may change the cron of each
    schedule built from a partitioned job (its assets' partitions): unresolved."""
    if not setting(_all_steps(model), "partitions_def"):
        return listing
    where = {
        place(prefix, item.origin, item.definition.line): place(
            prefix, item.origin, item.definition.line, item.definition.col
        )
        for item in model.items
        if item.definition.kind in SCHEDULE_KINDS
        and item.definition.details.partitioned is not None
    }
    schedules = tuple(
        entry._replace(
            cron=None,
            unresolved=(
                *(u for u in entry.unresolved if u.field != "cron_schedule"),
                Unresolved("cron_schedule", where[entry.source]),
            ),
        )
        if entry.source in where
        else entry
        for entry in listing.schedules
    )
    return listing._replace(schedules=schedules)


def _all_steps(model: LoadModel) -> tuple[PostProcessing, ...]:
    """Every post-processing block that applies to some walked module, once."""
    steps = (step for module in model.walked for step in model.walk.post_processing(module))
    return tuple(dict.fromkeys(steps))


def _factory_results(
    model: LoadModel, prefix: str, modules: Iterable[ModuleInfo]
) -> list[Unresolved]:
    """Module-level calls of project functions that build definitions, which the scan did
    not evaluate, and definitions changed by a copying method: not listed."""
    found: list[Unresolved] = []
    for module in modules:
        facts = module.scan.factories
        if model.in_defs(module.name):
            found.extend(
                Unresolved(
                    "definitions",
                    f"{prefix}{module.path}:{call.line}: {call.binding} ="
                    f" {call.factory}(...), changed by a method",
                )
                for call in facts.chained
            )
        for call in facts.calls:
            head, _, name = call.factory.rpartition(".")
            origin: str | None = None
            if not head and name in facts.makers:
                origin = module.name
            elif head:
                origin = model.resolver.module_named(module, head)
            else:
                imported = model.resolver.imported(module, name)
                if imported is not None:
                    origin, name = imported
            maker = model.project.modules.get(origin) if origin is not None else None
            if maker is None or name not in maker.scan.factories.makers:
                continue
            found.append(
                Unresolved(
                    "definitions",
                    f"{prefix}{module.path}:{call.line}: {call.binding} ="
                    f" {call.factory}(...), a factory of {origin}",
                )
            )
    return found
