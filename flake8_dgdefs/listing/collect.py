"""From the load model's certain objects to listing entries, one object at a time.

`Entries` receives each loaded object and makes its entries as `dg list defs` would:
keys with a copy's prefix, groups, the jobs a schedule or sensor brings, the crons of
partitioned schedules. Dependencies, stubs and unproduced inputs are the load model's
(loading.deps); duplicates and load failures are its clashes and failures, worded as
`list` says them.
"""

from __future__ import annotations

from dataclasses import replace

from flake8_dgdefs.api import MAPPED_DETAILS, SCHEDULE_KINDS
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
from flake8_dgdefs.loading.deps import upstream
from flake8_dgdefs.loading.wording import failure_error, input_error
from flake8_dgdefs.model import (
    ASSET,
    ASSET_CHECK,
    JOB,
    SCHEDULE_OR_SENSOR,
    Definition,
    Details,
)
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap


#: What a function given to `map_asset_specs` may change of an asset, as `list` shows it.


def place(prefix: str, module: ModuleInfo, line: int, col: int | None = None) -> str:
    where = f"{prefix}{module.path}:{line}"
    return f"{where}:{col}" if col is not None else where


def unresolved_fields(
    prefix: str, module: ModuleInfo, details: Details
) -> tuple[Unresolved, ...]:
    """What the scan could not evaluate of a definition, as `list` names it."""
    return tuple(
        Unresolved(_FIELD_NAMES.get(name, name), place(prefix, module, line, col))
        for name, line, col in details.unresolved
    )


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
#: What a `map_asset_specs` function may change, as `list` names the fields.
MAPPED_FIELDS = tuple(_FIELD_NAMES.get(name, name) for name in MAPPED_DETAILS)


class Entries:
    """The loaded definitions turned into the entries of each section, with the problems
    (duplicate keys and names) Dagster would refuse the project for."""

    def __init__(self, model: LoadModel, prefix: str) -> None:
        self.model = model
        self.resolver = model.resolver
        self.prefix = prefix
        self.assets: dict[str, AssetEntry] = {}
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
        """The model's clashes and load failures, as `list` says them."""
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
        for failure in self.model.failures:
            found.append(f"{self.where(failure.item)}: {failure_error(failure)}")
        return tuple(found)

    def source(self, item: Loaded) -> str:
        return place(self.prefix, item.origin, item.definition.line)

    def where(self, item: Loaded) -> str:
        return place(self.prefix, item.origin, item.definition.line, item.definition.col)

    def unresolved(self, item: Loaded) -> tuple[Unresolved, ...]:
        found = unresolved_fields(self.prefix, item.origin, item.definition.details)
        copy = item.copy
        if copy is not None and copy.reshaped:  # `map_asset_specs(some_function, [...])`
            where = place(self.prefix, copy.module, copy.line, copy.col)
            found = (*found, *(Unresolved(f, where) for f in MAPPED_FIELDS))
        return found

    # -- one loaded definition --------------------------------------------------------------
    def asset(self, item: Loaded) -> None:
        d = item.definition
        pairs = d.keyed_details()
        if item.copy is not None and item.copy.prefix_unknown:
            pairs = []  # `key_prefix=` not known: neither are the keys
        if not pairs:
            missing = (Unresolved("asset_key", self.where(item)), *self.unresolved(item))
            unkeyed_group = item.copy.group if item.copy is not None else None
            if unkeyed_group is None and not any(u.field == "group_name" for u in missing):
                unkeyed_group = _group(d.details)
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
            found = self.model.dependencies.assets.get(key)
            deps = found.deps if found is not None else ()
            unresolved = self.unresolved(item)
            if found is None or found.unknown:
                unresolved = (*unresolved, Unresolved("dependency_keys", self.where(item)))
            copied_group = item.copy.group if item.copy is not None else None
            group: str | None = copied_group or _group(own)
            if copied_group is None and any(u.field == "group_name" for u in unresolved):
                group = None
            self.assets[key] = AssetEntry(
                key=key,
                group=group,
                deps=deps,
                kinds=own.kinds,
                description=own.description,
                executable=own.executable,
                source=self.source(item),
                unresolved=unresolved,
                owners=own.owners,
                tags=own.tags,
            )

    def check(self, item: Loaded) -> None:
        d = item.definition
        unresolved = self.unresolved(item)
        keys = self.model.dependencies.check_keys.get(item.identity, ())
        if not keys:
            missing = (Unresolved("key", self.where(item)), *unresolved)
            self.unkeyed_checks.append(
                CheckEntry(None, None, None, None, self.source(item), missing)
            )
            return
        additional, additional_missing = upstream(self.model, d.details)
        if additional_missing:
            unresolved = (*unresolved, Unresolved("additional_deps", self.where(item)))
        for key in keys:
            if self.claim("asset check", key, item):
                asset_key, _, name = key.rpartition(":")
                self.checks[key] = CheckEntry(
                    key,
                    asset_key,
                    name,
                    d.details.description,
                    self.source(item),
                    unresolved,
                    additional,
                )

    def job(self, item: Loaded) -> None:
        d = item.definition
        unresolved = self.unresolved(item)
        if d.name is None:
            missing = (Unresolved("name", self.where(item)), *unresolved)
            self.unnamed_jobs.append(JobEntry(None, None, self.source(item), missing))
        elif self.claim("job", d.name, item):
            description = d.details.description
            self.jobs[d.name] = JobEntry(d.name, description, self.source(item), unresolved)

    def schedule_or_sensor(self, item: Loaded) -> None:
        d = item.definition
        details = d.details
        unresolved = self.unresolved(item)
        is_schedule = d.kind in SCHEDULE_KINDS
        # The jobs it targets load with it (`job=` objects and jobs written inline).
        job = details.job
        job_ref = details.job_ref or d.job_ref
        if job is None and job_ref is not None:
            found = self.resolver.qualified(job_ref)
            job = found[1].name if found is not None else None
        if job is not None:
            self.wanted_jobs.append((item, job))
        self.wanted_jobs.extend((item, name) for name in details.inline_jobs)
        name = d.name
        if name is None and is_schedule and job is not None:
            name = f"{job}_schedule"  # ScheduleDefinition's default name
        cron = details.cron
        if cron is None and details.partitioned is not None:
            # build_schedule_from_partitioned_job: the cron of the job's partitions.
            from flake8_dgdefs.scan.partitions import partitioned_cron

            cron = partitioned_cron(self.model, replace(details, job_ref=job_ref))
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
                definition.details.description,
                place(self.prefix, module, definition.line),
            )
        # Dagster adds a stub for a key nothing defines: a dependency, or a checked asset;
        # never for an input (a parameter, `ins=`): that fails the load instead.
        dependencies = self.model.dependencies
        for u in dependencies.unproduced:
            self.unproduced.append(Unresolved("definitions", (
                f"{self.where(u.item)}: input {u.input!r} of asset {u.key!r}: no asset"
                " listed here produces it; unless a definition not seen does, Dagster"
                f" fails with `{input_error(u.input)}`"
            )))
        for key in dependencies.stubs:
            if key not in self.assets:
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


def _group(details: Details) -> str:
    return details.group if details.group is not None else DEFAULT_GROUP


def _key(entry: AssetEntry) -> str:
    return entry.key or ""


def _find_job(project: ProjectMap, name: str) -> tuple[ModuleInfo, Definition] | None:
    for module in project.modules.values():
        for definition in module.scan.definitions:
            if definition.category == JOB and definition.name == name:
                return module, definition
    return None
