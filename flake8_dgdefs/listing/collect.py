"""From the load model's certain objects to listing entries, one object at a time.

`Entries` receives each loaded object and makes its entries as `dg list defs` would:
keys with a copy's prefix, groups, dependencies (inputs matched within the group as
Dagster does, stubs for `deps=` keys nothing defines, never for inputs), the jobs a
schedule or sensor brings, the crons of partitioned schedules. Duplicates are the load
model's clashes, worded as `list` says them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from flake8_dgdefs.api import DAGSTER_PACKAGES, PLAIN_TYPE_MODULES, PLAIN_TYPES, SCHEDULE_KINDS
from flake8_dgdefs.listing.entries import (
    DEFAULT_GROUP,
    AssetEntry,
    CheckEntry,
    JobEntry,
    Listing,
    LoaderReport,
    ScheduleEntry,
    SensorEntry,
    Unresolved,
)
from flake8_dgdefs.loading import LoadModel, Loaded
from flake8_dgdefs.loading.resolver import Resolver
from flake8_dgdefs.model import ASSET, ASSET_CHECK, JOB, SCHEDULE_OR_SENSOR, Definition
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap


def place(prefix: str, module: ModuleInfo, line: int, col: int | None = None) -> str:
    where = f"{prefix}{module.path}:{line}"
    return f"{where}:{col}" if col is not None else where


def unresolved_fields(
    prefix: str, module: ModuleInfo, raw: object, fields: Iterable[str] = ()
) -> tuple[Unresolved, ...]:
    wanted = set(fields)
    found = []
    for item in raw if isinstance(raw, tuple) else ():
        name, line, col = item
        if not wanted or name in wanted:
            where = place(prefix, module, line, col)
            found.append(Unresolved(_FIELD_NAMES.get(name, name), where))
    return tuple(found)


#: How `list` names each namespace of Dagster in its problems.
_NAMESPACES = {
    ASSET: "asset key",
    ASSET_CHECK: "asset check",
    JOB: "job",
    SCHEDULE_OR_SENSOR: "schedule or sensor",
}

#: Detail names as `dg list defs --json` calls them.
_FIELD_NAMES = {
    "group": "group_name",
    "deps": "dependency_keys",
    "cron": "cron_schedule",
    "modules": "modules",
}


class Entries:
    """The loaded definitions turned into the entries of each section, with the problems
    (duplicate keys and names) Dagster would refuse the project for."""

    def __init__(self, model: LoadModel, prefix: str) -> None:
        self.model = model
        self.resolver = model.resolver
        self.prefix = prefix
        self.assets: dict[str, AssetEntry] = {}
        self.siblings: dict[str, tuple[str, ...]] = {}  # key -> keys of the same definition
        self.inputs: dict[str, tuple[tuple[str, ...], str]] = {}  # key -> (inputs, where)
        self.unproduced: list[Unresolved] = []  # inputs no listed asset produces
        self.checks: dict[str, CheckEntry] = {}
        self.jobs: dict[str, JobEntry] = {}
        self.schedules: dict[str, ScheduleEntry] = {}
        self.sensors: dict[str, SensorEntry] = {}
        # Entries whose key or name is unresolved, listed after the others.
        self.unkeyed_assets: list[AssetEntry] = []
        self.unkeyed_checks: list[CheckEntry] = []
        self.unnamed_jobs: list[JobEntry] = []
        self.unnamed_schedules: list[ScheduleEntry] = []
        self.unnamed_sensors: list[SensorEntry] = []
        self.owners: set[tuple[str, str]] = set()
        self.wanted_jobs: list[tuple[Loaded, str]] = []

    # -- helpers ---------------------------------------------------------------------------
    def add(self, item: Loaded) -> None:
        category = item.definition.category
        if category == ASSET:
            self.asset(item)
        elif category == ASSET_CHECK:
            self.check(item)
        elif category == JOB:
            self.job(item)
        elif category == SCHEDULE_OR_SENSOR:
            self.schedule_or_sensor(item)

    def claim(self, kind: str, name: str, item: Loaded) -> bool:
        """True for the first object with this key or name (the model words the clash)."""
        if (kind, name) in self.owners:
            return False
        self.owners.add((kind, name))
        return True

    def problems(self) -> tuple[str, ...]:
        """The model's clashes, as `list` says them."""
        found = []
        for clash in self.model.clashes:
            copy = clash.later.copy
            again = (
                f"copied again by the load_*_from_* call at"
                f" {self.prefix}{copy.module.path}:{copy.line}"
                if copy is not None
                else f"defined again at {self.source(clash.later)}"
            )
            found.append(f"duplicate {_NAMESPACES[clash.category]} {clash.key!r}: {again}")
        return tuple(found)

    def source(self, item: Loaded) -> str:
        return place(self.prefix, item.origin, item.definition.line)

    def where(self, item: Loaded) -> str:
        return place(self.prefix, item.origin, item.definition.line, item.definition.col)

    def unresolved(self, item: Loaded, details: dict[str, object]) -> tuple[Unresolved, ...]:
        return unresolved_fields(self.prefix, item.origin, details.get("unresolved", ()))

    # -- one loaded definition --------------------------------------------------------------
    def asset(self, item: Loaded) -> None:
        d = item.definition
        details = dict(d.details)
        per_key = details.get("per_key")
        if isinstance(per_key, tuple):
            pairs = [(str(k), dict(v)) for k, v in per_key]
        else:
            pairs = [(key, details) for key in d.keys]
        if not pairs:
            missing = (Unresolved("asset_key", self.where(item)), *self.unresolved(item, details))
            unkeyed_group = item.copy.group if item.copy is not None else None
            if unkeyed_group is None and not any(u.field == "group_name" for u in missing):
                unkeyed_group = str(details.get("group", DEFAULT_GROUP))
            self.unkeyed_assets.append(
                AssetEntry(None, unkeyed_group, source=self.source(item), unresolved=missing)
            )
            return
        for key, own in pairs:
            prefix = item.copy.key_prefix if item.copy is not None else ()
            if prefix:
                key = "/".join([*prefix, key])
            if not self.claim("asset key", key, item):
                continue
            deps, deps_missing = _deps(self.resolver, own)
            resources, unsure = self.resource_parameters(item.origin, own)
            deps = tuple(dep for dep in deps if dep not in resources | unsure)
            inputs = tuple(i for i in _strings(own.get("inputs")) if i not in resources | unsure)
            unresolved = self.unresolved(item, details)
            if deps_missing or unsure:
                unresolved = (*unresolved, Unresolved("dependency_keys", self.where(item)))
            copied_group = item.copy.group if item.copy is not None else None
            group: str | None = copied_group or str(own.get("group", DEFAULT_GROUP))
            if copied_group is None and any(u.field == "group_name" for u in unresolved):
                group = None
            self.assets[key] = AssetEntry(
                key=key,
                group=group,
                deps=deps,
                kinds=_strings(own.get("kinds")),
                description=_text(own.get("description")),
                executable=bool(own.get("executable", True)),
                source=self.source(item),
                unresolved=unresolved,
                owners=_strings(own.get("owners")),
                tags=tuple((str(k), str(v)) for k, v in _pairs(own.get("tags"))),
            )
            self.siblings[key] = tuple(k for k, _ in pairs)
            self.inputs[key] = (inputs, self.where(item))

    def resource_parameters(
        self, module: ModuleInfo, details: dict[str, object]
    ) -> tuple[set[str], set[str]]:
        """The annotated parameters Dagster fills with resources (their class is one of the
        project's resource classes), and those that may be either (a class from another
        package, or an annotation that is not a plain name)."""
        resources: set[str] = set()
        unsure: set[str] = set()
        for parameter, annotation in _pairs(details.get("annotated")):
            name = str(annotation)
            if "." not in name and name in PLAIN_TYPES:
                continue
            qualified = name if "." in name else f"{module.name}.{name}"
            project_class = self.resolver.class_named(qualified)
            if project_class is not None:
                if project_class in self.model.resource_classes:
                    resources.add(str(parameter))
            elif not _plain_type(name):
                unsure.add(str(parameter))
        return resources, unsure

    def check(self, item: Loaded) -> None:
        d = item.definition
        details = dict(d.details)
        unresolved = self.unresolved(item, details)
        keys = d.keys
        asset_ref = details.get("asset_ref")
        if not keys and isinstance(asset_ref, str) and d.name:
            target = self.resolver.qualified(asset_ref)
            if target is not None and len(target[1].keys) == 1:
                keys = (f"{target[1].keys[0]}:{d.name}",)
        check_name = details.get("check_name")
        if not keys and isinstance(check_name, str) and "checked" in details:
            checked, unknown = _deps(
                self.resolver,
                {"deps": details.get("checked"), "dep_refs": details.get("checked_refs")},
            )
            if not unknown:
                keys = tuple(f"{key}:{check_name}" for key in checked)
        if not keys:
            missing = (Unresolved("key", self.where(item)), *unresolved)
            self.unkeyed_checks.append(
                CheckEntry(None, None, None, None, self.source(item), missing)
            )
            return
        additional, additional_missing = _deps(self.resolver, details)
        if additional_missing:
            unresolved = (*unresolved, Unresolved("additional_deps", self.where(item)))
        for key in keys:
            if self.claim("asset check", key, item):
                asset_key, _, name = key.rpartition(":")
                self.checks[key] = CheckEntry(
                    key,
                    asset_key,
                    name,
                    _text(details.get("description")),
                    self.source(item),
                    unresolved,
                    additional,
                )

    def job(self, item: Loaded) -> None:
        d = item.definition
        details = dict(d.details)
        unresolved = self.unresolved(item, details)
        if d.name is None:
            missing = (Unresolved("name", self.where(item)), *unresolved)
            self.unnamed_jobs.append(JobEntry(None, None, self.source(item), missing))
        elif self.claim("job", d.name, item):
            description = _text(details.get("description"))
            self.jobs[d.name] = JobEntry(d.name, description, self.source(item), unresolved)

    def schedule_or_sensor(self, item: Loaded) -> None:
        d = item.definition
        details = dict(d.details)
        unresolved = self.unresolved(item, details)
        is_schedule = d.kind in SCHEDULE_KINDS
        # The jobs it targets load with it (`job=` objects and jobs written inline).
        job = details.get("job")
        job_ref = details.get("job_ref") or d.job_ref
        if not isinstance(job, str) and isinstance(job_ref, str):
            found = self.resolver.qualified(job_ref)
            job = found[1].name if found is not None else None
        if isinstance(job, str):
            self.wanted_jobs.append((item, job))
        self.wanted_jobs.extend((item, name) for name in _strings(details.get("inline_jobs")))
        name = d.name
        if name is None and is_schedule and isinstance(job, str):
            name = f"{job}_schedule"  # ScheduleDefinition's default name
        cron = _text(details.get("cron"))
        if cron is None and "partitioned" in details:
            # build_schedule_from_partitioned_job: the cron of the job's partitions.
            from flake8_dgdefs.scan.partitions import partitioned_cron

            cron = partitioned_cron(self.model, {**details, "job_ref": job_ref})
            if cron is not None:
                unresolved = tuple(u for u in unresolved if u.field != "cron_schedule")
        if name is None:
            missing = (Unresolved("name", self.where(item)), *unresolved)
            if is_schedule:
                self.unnamed_schedules.append(ScheduleEntry(None, cron, self.source(item), missing))
            else:
                self.unnamed_sensors.append(SensorEntry(None, self.source(item), missing))
        elif self.claim("schedule or sensor", name, item):
            if is_schedule:
                self.schedules[name] = ScheduleEntry(name, cron, self.source(item), unresolved)
            else:
                self.sensors[name] = SensorEntry(name, self.source(item), unresolved)

    # -- the whole listing ------------------------------------------------------------------
    def listing(self, report: LoaderReport) -> Listing:
        for item, job_name in self.wanted_jobs:
            if job_name in self.jobs:
                continue
            found = _find_job(self.model.project, job_name)
            if found is None:  # written inline in the schedule or sensor
                self.jobs[job_name] = JobEntry(job_name, None, self.source(item))
                continue
            module, definition = found
            self.jobs[job_name] = JobEntry(
                job_name,
                _text(dict(definition.details).get("description")),
                place(self.prefix, module, definition.line),
            )
        _resolve_deps(self.assets, self.siblings)
        # Dagster adds a stub for a key nothing defines: a dependency, or a checked asset;
        # never for an input (a parameter, `ins=`): that fails the load instead.
        unproduced = set()
        for key, (inputs, where) in self.inputs.items():
            for name in inputs:
                if name in self.assets[key].deps and name not in self.assets:
                    unproduced.add(name)
                    self.unproduced.append(Unresolved("definitions", (
                        f"{where}: input {name!r} of asset {key!r}: no asset listed here"
                        " produces it; unless a definition not seen does, Dagster fails with"
                        f" `Input asset \"[\"{name}\"]\" is not produced by any of the"
                        " provided asset ops`"
                    )))
        named = [dep for entry in self.assets.values() for dep in entry.deps]
        named.extend(check.asset_key for check in self.checks.values() if check.asset_key)
        for key in named:
            if key not in self.assets and key not in unproduced:
                self.assets[key] = AssetEntry(key, DEFAULT_GROUP, executable=False)

        return Listing(
            assets=(*sorted(self.assets.values(), key=_key), *self.unkeyed_assets),
            asset_checks=(
                *sorted(self.checks.values(), key=lambda e: e.key or ""),
                *self.unkeyed_checks,
            ),
            jobs=(*sorted(self.jobs.values(), key=lambda e: e.name or ""), *self.unnamed_jobs),
            schedules=(
                *sorted(self.schedules.values(), key=lambda e: e.name or ""),
                *self.unnamed_schedules,
            ),
            sensors=(
                *sorted(self.sensors.values(), key=lambda e: e.name or ""),
                *self.unnamed_sensors,
            ),
            loader=report,
            problems=self.problems(),
        )


def _plain_type(annotation: str) -> bool:
    """True for an annotation that is never a resource: a data library's type, or one of
    Dagster's contexts (Dagster fills a parameter by its name, `context`, not its type)."""
    head, _, rest = annotation.partition(".")
    if head in PLAIN_TYPE_MODULES:
        return True
    return head in DAGSTER_PACKAGES and rest.endswith("Context")


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _strings(value: object) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, tuple) else ()


def _pairs(value: object) -> tuple[tuple[object, object], ...]:
    if not isinstance(value, tuple):
        return ()
    return tuple(item for item in value if isinstance(item, tuple) and len(item) == 2)


def _deps(resolver: Resolver, details: dict[str, object]) -> tuple[tuple[str, ...], bool]:
    """Upstream keys (those written as keys, and those of the assets or the module-level
    container named by reference), and whether some reference could not be resolved."""
    raw = details.get("deps", ())
    deps = [str(k) for k in raw] if isinstance(raw, tuple) else []
    refs = details.get("dep_refs", ())
    missing = False
    for ref in refs if isinstance(refs, tuple) else ():
        keys = resolver.container_keys(str(ref))
        if keys is None:
            missing = True
        else:
            deps.extend(keys)
    return tuple(sorted(set(deps))), missing


def _key(entry: AssetEntry) -> str:
    return entry.key or ""


def _find_job(project: ProjectMap, name: str) -> tuple[ModuleInfo, Definition] | None:
    for module in project.modules.values():
        for definition in module.scan.definitions:
            if definition.category == JOB and definition.name == name:
                return module, definition
    return None


def _resolve_deps(assets: dict[str, AssetEntry], siblings: dict[str, tuple[str, ...]]) -> None:
    """Dagster's own fallback: a one-part dep that names no asset is matched by name within
    the asset's group (`@asset(key_prefix="p") def a(up)` reads `p/up`)."""
    by_group_and_name: dict[tuple[str | None, str], list[str]] = {}
    for key, entry in assets.items():
        by_group_and_name.setdefault((entry.group, key.split("/")[-1]), []).append(key)
    for key, entry in list(assets.items()):
        changed = False
        deps = []
        for dep in entry.deps:
            if dep not in assets and "/" not in dep:
                matches = [
                    k
                    for k in by_group_and_name.get((entry.group, dep), [])
                    if k not in siblings.get(key, ())
                ]
                if len(matches) == 1:
                    deps.append(matches[0])
                    changed = True
                    continue
            deps.append(dep)
        if changed:
            assets[key] = _replace_deps(entry, tuple(sorted(set(deps))))


def _replace_deps(entry: AssetEntry, deps: tuple[str, ...]) -> AssetEntry:
    return replace(entry, deps=deps)
