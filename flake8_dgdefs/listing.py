"""What `dg list defs` would print, computed from the project map alone.

Presentation only: what loads is the load model's answer (flake8_dgdefs.loading); this
module turns its certain objects into the entries of `dg list defs`, names what it cannot
see in `unseen`, and writes JSON. Values the scan could not compute stay unresolved, with
their place; nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from flake8_dgdefs.api import DAGSTER_PACKAGES, PLAIN_TYPE_MODULES, PLAIN_TYPES, SCHEDULE_KINDS
from flake8_dgdefs.loading import LoadModel, Loaded, model_of
from flake8_dgdefs.loading.resolver import Resolver
from flake8_dgdefs.model import ASSET, ASSET_CHECK, JOB, SCHEDULE_OR_SENSOR, Definition
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap
from flake8_dgdefs.scan.factories import ModuleFactories

DEFAULT_GROUP = "default"


@dataclass(frozen=True)
class Unresolved:
    """A value the scan could not compute: which field, and where it is written."""

    field: str
    location: str  # path:line:col


@dataclass(frozen=True)
class AssetEntry:
    key: str | None  # None: the key itself is not known statically
    group: str | None  # None: unresolved
    deps: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    description: str | None = None
    executable: bool = True
    source: str | None = None  # path:line; None for the stubs Dagster creates for deps
    owners: tuple[str, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    unresolved: tuple[Unresolved, ...] = ()


@dataclass(frozen=True)
class CheckEntry:
    key: str | None
    asset_key: str | None
    name: str | None
    description: str | None = None
    source: str | None = None
    unresolved: tuple[Unresolved, ...] = ()
    additional_deps: tuple[str, ...] = ()  # besides the checked asset


@dataclass(frozen=True)
class JobEntry:
    name: str | None
    description: str | None = None
    source: str | None = None
    unresolved: tuple[Unresolved, ...] = ()


@dataclass(frozen=True)
class ScheduleEntry:
    name: str | None
    cron: str | None
    source: str | None = None
    unresolved: tuple[Unresolved, ...] = ()


@dataclass(frozen=True)
class SensorEntry:
    name: str | None
    source: str | None = None
    unresolved: tuple[Unresolved, ...] = ()


@dataclass(frozen=True)
class ResourceEntry:
    name: str
    type: str | None  # None: unresolved (a class the project does not define, or not known)
    source: str | None = None
    unresolved: tuple[Unresolved, ...] = ()


@dataclass(frozen=True)
class LoaderReport:
    """Which loader the listing assumed, and what it assumed it loads."""

    loader: str | None  # "load_defs", "load_from_defs_folder", None: no autoloader call
    loader_call: str | None  # module:line of the call
    defs_module: str | None
    target_module: str | None  # the code location target (the root module)
    walked: tuple[str, ...] = ()  # defs modules whose attributes are collected
    #: (module, labels of the definitions it contributes), for each walked module.
    contributed: tuple[tuple[str, tuple[str, ...]], ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()  # (module, why it is not loaded)
    hand_loaded: tuple[tuple[str, str], ...] = ()  # (what the root module names, resolved to)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Listing:
    assets: tuple[AssetEntry, ...] = ()
    asset_checks: tuple[CheckEntry, ...] = ()
    jobs: tuple[JobEntry, ...] = ()
    schedules: tuple[ScheduleEntry, ...] = ()
    sensors: tuple[SensorEntry, ...] = ()
    resources: tuple[ResourceEntry, ...] = ()
    loader: LoaderReport = LoaderReport(None, None, None, None)
    problems: tuple[str, ...] = ()  # what would make Dagster refuse to load (duplicates, ...)
    #: Definitions that load but that the listing cannot see: built by a YAML component,
    #: or inside a Definitions object imported into a defs module. `field` is "definitions".
    unseen: tuple[Unresolved, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.assets or self.asset_checks or self.jobs or self.schedules or self.sensors)


# -- the listing -------------------------------------------------------------------------------
def build_listing(
    project: ProjectMap,
    prefix: str = "",
    factories: Mapping[str, ModuleFactories] | None = None,
) -> Listing:
    """What the code location loads, as `dg list defs` shows it: the load model's certain
    objects as entries, and what it cannot see (or only may load) as `unseen`.

    `prefix`: the package folder relative to the project folder, for `source` paths;
    `factories`: per module, its factory functions and module-level calls (scan.factories).
    """
    model = model_of(project)
    location = model.location
    entries = _Entries(model, prefix)
    certain = {item.original for item in model.items if item.certain}
    unseen: list[Unresolved] = []
    for item in model.items:
        if item.certain:
            entries.add(item)
        elif item.original not in certain:
            certain.add(item.original)
            unseen.append(
                Unresolved(
                    "definitions",
                    f"{_location(prefix, item.origin, item.definition.line)}:"
                    f" {item.definition.kind} {item.definition.label} may load through"
                    f" {item.via}",
                )
            )
    unseen[:0] = [
        Unresolved("definitions", f"{_location(prefix, u.module, u.line)}: {u.what}")
        for u in model.unseen
    ]
    skipped: list[tuple[str, str]] = []
    components: dict[str, str] = {}
    for module, skip in model.skipped:
        if skip.reason == "yaml":
            components.setdefault(skip.folder, skip.detail)
            skipped.append((module.name, f"{skip.folder}/ is a YAML component ({skip.detail})"))
        else:
            skipped.append((module.name, f"load_defs loads only {skip.detail} from {skip.folder}/"))
    problems = [f"{prefix}{module.path}: several Definitions objects" for module in model.refused]
    skipped.extend((m.name, "several Definitions objects (DGD303)") for m in model.refused)
    unseen.extend(
        Unresolved("definitions", f"{prefix}{folder}/: YAML component {component}")
        for folder, component in sorted(components.items())
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
    listing = entries.listing(report)
    loaded_modules = list(model.walked)
    if location.target is not None and location.target not in loaded_modules:
        loaded_modules.append(location.target)
    unseen.extend(_factory_results(model, prefix, loaded_modules, factories or {}))
    unseen.extend(entries.unproduced)
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
            _location(prefix, resource.module, resource.line),
            ()
            if resource.type
            else (
                Unresolved(
                    "type", _location(prefix, resource.module, resource.line, resource.col)
                ),
            ),
        )
        for resource in model.resources
    )
    return replace(
        listing,
        resources=resources,
        assets=assets,
        problems=(*problems, *listing.problems),
        unseen=tuple(unseen),
    )


def _factory_results(
    model: LoadModel,
    prefix: str,
    modules: Iterable[ModuleInfo],
    factories: Mapping[str, ModuleFactories],
) -> list[Unresolved]:
    """Module-level calls of project functions that build definitions: not listed."""
    found: list[Unresolved] = []
    for module in modules:
        facts = factories.get(module.name, _NONE)
        for call in facts.chained:
            found.append(
                Unresolved(
                    "definitions",
                    f"{prefix}{module.path}:{call.line}: {call.binding} ="
                    f" {call.factory}(...), changed by a method",
                )
            )
        for call in facts.inline:
            found.append(
                Unresolved(
                    "definitions",
                    f"{prefix}{module.path}:{call.line}: {call.factory}(...)"
                    " written inside Definitions(...)",
                )
            )
        for call in facts.calls:
            origin: str | None = None
            head, _, name = call.factory.rpartition(".")
            if not head and name in facts.makers:
                origin = module.name
            elif head:
                origin = model.resolver.module_named(module, head)
            else:
                imported = model.resolver.imported(module, name)
                if imported is not None:
                    origin, name = imported
            if origin is None or name not in factories.get(origin, _NONE).makers:
                continue
            found.append(
                Unresolved(
                    "definitions",
                    f"{prefix}{module.path}:{call.line}: {call.binding} ="
                    f" {call.factory}(...), a factory of {origin}",
                )
            )
    return found


_NONE = ModuleFactories()


def _location(prefix: str, module: ModuleInfo, line: int, col: int | None = None) -> str:
    where = f"{prefix}{module.path}:{line}"
    return f"{where}:{col}" if col is not None else where


def _unresolved(
    prefix: str, module: ModuleInfo, raw: object, fields: Iterable[str] = ()
) -> tuple[Unresolved, ...]:
    wanted = set(fields)
    found = []
    for item in raw if isinstance(raw, tuple) else ():
        name, line, col = item
        if not wanted or name in wanted:
            where = _location(prefix, module, line, col)
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


class _Entries:
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
        return _location(self.prefix, item.origin, item.definition.line)

    def where(self, item: Loaded) -> str:
        return _location(self.prefix, item.origin, item.definition.line, item.definition.col)

    def unresolved(self, item: Loaded, details: dict[str, object]) -> tuple[Unresolved, ...]:
        return _unresolved(self.prefix, item.origin, details.get("unresolved", ()))

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
                _location(self.prefix, module, definition.line),
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


# -- output as plain data ----------------------------------------------------------------------
def to_json(listing: Listing) -> dict[str, object]:
    """The listing in the shape of `dg list defs --json`, each entry with `source` and,
    when some value is not known statically, `unresolved: [{field, location}]`."""
    return {
        "assets": [_asset_json(e) for e in listing.assets],
        "asset_checks": [
            _with_extras(
                {
                    "key": e.key,
                    "asset_key": e.asset_key,
                    "name": e.name,
                    "additional_deps": sorted(
                        {*e.additional_deps, *([e.asset_key] if e.asset_key else [])}
                    ),
                    "description": e.description,
                },
                e.source,
                e.unresolved,
            )
            for e in listing.asset_checks
        ],
        "jobs": [
            _with_extras({"name": e.name, "description": e.description}, e.source, e.unresolved)
            for e in listing.jobs
        ],
        "resources": [
            _with_extras({"name": e.name, "type": e.type}, e.source, e.unresolved)
            for e in listing.resources
        ],
        "schedules": [
            _with_extras({"name": e.name, "cron_schedule": e.cron}, e.source, e.unresolved)
            for e in listing.schedules
        ],
        "sensors": [
            _with_extras({"name": e.name}, e.source, e.unresolved) for e in listing.sensors
        ],
        **(
            {"unresolved": [{"field": u.field, "location": u.location} for u in listing.unseen]}
            if listing.unseen
            else {}
        ),
    }


def _asset_json(entry: AssetEntry) -> dict[str, object]:
    data: dict[str, object] = {
        "asset_key": entry.key,
        "asset_key_parts": entry.key.split("/") if entry.key else None,
        "description": entry.description,
        "group_name": entry.group,
        "kinds": list(entry.kinds),
        "dependency_keys": list(entry.deps),
        "owners": [_owner_json(owner) for owner in entry.owners],
        "tags": [{"key": k, "value": v} for k, v in entry.tags] or None,
        "is_executable": entry.executable,
    }
    return _with_extras(data, entry.source, entry.unresolved)


def _owner_json(owner: str) -> dict[str, str]:
    return {"team": owner[len("team:"):]} if owner.startswith("team:") else {"email": owner}


def _with_extras(
    data: dict[str, object], source: str | None, unresolved: tuple[Unresolved, ...]
) -> dict[str, object]:
    # dg leaves out None values (`exclude_none`); unresolved values stay, as null.
    missing = {u.field for u in unresolved}
    cleaned = {k: v for k, v in data.items() if v is not None or k in missing}
    if source is not None:
        cleaned["source"] = source
    if unresolved:
        cleaned["unresolved"] = [{"field": u.field, "location": u.location} for u in unresolved]
    return cleaned
