"""What `dg list defs` would print, computed from the project map alone.

Pure: a ProjectMap in, a `Listing` out. Which modules load is the map's LoadingView (the
walk of the defs package, YAML component folders, the legacy `load_defs` keyword file,
Definitions objects that take a module over), plus what the code location target module
hands to `Definitions(...)` by name or through `load_assets_from_modules`. Values the
scan could not compute stay unresolved, with their place; nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Mapping

from flake8_dgdefs.scan.factories import ModuleFactories
from flake8_dgdefs.model import ASSET, ASSET_CHECK, JOB, SCHEDULE_OR_SENSOR, Definition
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap

DEFAULT_GROUP = "default"

#: How deep `from a import x` chains are followed to the module that defines `x`.
MAX_REEXPORT_DEPTH = 8


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
    loader: LoaderReport = LoaderReport(None, None, None, None)
    problems: tuple[str, ...] = ()  # what would make Dagster refuse to load (duplicates, ...)
    #: Definitions that load but that the listing cannot see: built by a YAML component,
    #: or inside a Definitions object imported into a defs module. `field` is "definitions".
    unseen: tuple[Unresolved, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.assets or self.asset_checks or self.jobs or self.schedules or self.sensors)


# -- which objects load ---------------------------------------------------------------------
@dataclass(frozen=True)
class _Loaded:
    """One loaded object: the definition, where it lives, and how it was reached."""

    module: ModuleInfo
    definition: Definition
    copy_of: str = ""  # "": the object itself; else the reload that built a new copy
    copied_at: str = ""  # path:line of that reload
    group: str | None = None  # group_name= of the reload
    key_prefix: tuple[str, ...] = ()

    @property
    def identity(self) -> tuple[str, str, int, int, str]:
        d = self.definition
        return (self.module.name, d.binding or "", d.line, d.col, self.copy_of)


@dataclass
class _Collector:
    project: ProjectMap
    prefix: str  # path of the package folder relative to the project folder ("", "src/")
    loaded: dict[tuple[str, str, int, int, str], _Loaded] = field(default_factory=dict)
    hand_loaded: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unseen: list[Unresolved] = field(default_factory=list)

    def add(self, item: _Loaded) -> None:
        self.loaded.setdefault(item.identity, item)

    # -- one module's attributes -------------------------------------------------------
    def module_attributes(self, module: ModuleInfo) -> Iterator[tuple[ModuleInfo, Definition]]:
        """Every definition a module holds as an attribute (own, imported, flat lists), as
        the map's LoadingView sees them; plus its `load_assets_from_modules` lists."""
        for loaded in self.project.loading.attributes(module):
            yield loaded.origin, loaded.definition
        for definition in module.scan.definitions:
            if definition.reloads and definition.binding:
                yield module, definition

    def resolve_binding(
        self, module_name: str, name: str, depth: int = 0
    ) -> tuple[ModuleInfo, Definition] | None:
        """The definition `module_name.name` holds, following `from a import name` chains."""
        module = self.project.modules.get(module_name)
        if module is None or depth > MAX_REEXPORT_DEPTH:
            return None
        for definition in reversed(module.scan.definitions):
            if definition.binding == name:
                return module, definition
        for ref in module.scan.imports:
            if not ref.module_level or ref.star:
                continue
            for imported, local in ref.names:
                if local == name and f"{ref.module}.{imported}" not in self.project.modules:
                    return self.resolve_binding(ref.module, imported, depth + 1)
        for ref in module.scan.imports:
            if ref.module_level and ref.star:
                found = self.resolve_binding(ref.module, name, depth + 1)
                if found is not None:
                    return found
        return None

    def resolve_qualname(self, qualified: str) -> tuple[ModuleInfo, Definition] | None:
        """`pkg.mod.name` -> the definition bound to `name` in project module `pkg.mod`."""
        module_name, _, name = qualified.rpartition(".")
        return self.resolve_binding(module_name, name) if module_name else None

    def local_module(self, module: ModuleInfo, dotted: str) -> str | None:
        """The project module a dotted name means in `module` (`elt_assets` -> pkg.elt.assets)."""
        head, _, rest = dotted.partition(".")
        for ref in module.scan.imports:
            if not ref.module_level or ref.star:
                continue
            if ref.names:
                for imported, local in ref.names:
                    if local == head:
                        base = f"{ref.module}.{imported}"
                        return _join(base, rest)
            elif ref.module.partition(".")[0] == head or ref.module == head:
                return dotted
        return None

    def keys_of(self, qualified: str) -> tuple[str, ...] | None:
        """The asset keys a qualified name holds: a definition, or a module-level container
        of definitions (`UPSTREAM = (dg.AssetSpec("a"), ...)`); None when not known."""
        found = self.resolve_qualname(qualified)
        if found is not None:
            return found[1].keys or None
        module_name, _, name = qualified.rpartition(".")
        module = self.project.modules.get(module_name)
        if module is None:
            return None
        items = [g.definition for g in module.scan.loading.gathered if g.binding == name]
        if not items or any(not d.keys for d in items):
            return None
        return tuple(key for d in items for key in d.keys)

    def imported_name(self, module: ModuleInfo, local: str) -> tuple[str, str] | None:
        """(module, name) that `from module import name as local` binds in `module`."""
        for ref in module.scan.imports:
            if ref.module_level and not ref.star:
                for imported, alias in ref.names:
                    if alias == local:
                        return ref.module, imported
        return None

    # -- loading ---------------------------------------------------------------------------
    def load_module(self, module: ModuleInfo) -> None:
        for origin, definition in self.module_attributes(module):
            self.load(origin, definition)

    def load(self, module: ModuleInfo, definition: Definition) -> None:
        if definition.reloads:
            self.reload(module, definition)
        else:
            self.add(_Loaded(module, definition))

    def reload(self, module: ModuleInfo, definition: Definition) -> None:
        """`load_assets_from_modules([...])`: new copies of those modules' definitions."""
        details = dict(definition.details)
        group = details.get("group")
        prefix = details.get("key_prefix", ())
        wanted = ASSET_CHECK if "check" in definition.kind else ASSET
        names = details.get("modules", ())
        assert isinstance(names, tuple)
        # One label per call site's modules: the same `load_assets_from_modules([...])`, seen
        # both as a bound list and as a manual load, builds one set of copies.
        label = f"{module.name}:{definition.kind}:{','.join(str(n) for n in names)}"
        package = details.get("package") is True
        where = f"{self.prefix}{module.path}:{definition.line}"
        raw = details.get("unresolved", ())
        missed = [u for u in raw if isinstance(u, tuple)] if isinstance(raw, tuple) else []
        if not names or any(u[0] == "modules" for u in missed):
            self.unseen.append(
                Unresolved("definitions", f"{where}: modules of a load_*_from_* call not known")
            )
        for name in names:
            sources = list(self.modules_under(str(name), package))
            if not sources:
                self.unseen.append(
                    Unresolved("definitions", f"{where}: {name} is not a module of the project")
                )
            for source in sources:
                for origin, found in self.module_attributes(source):
                    if found.category == wanted and not found.reloads:
                        self.add(
                            _Loaded(
                                origin,
                                found,
                                copy_of=label,
                                copied_at=where,
                                group=group if isinstance(group, str) else None,
                                key_prefix=tuple(str(p) for p in prefix)
                                if isinstance(prefix, tuple)
                                else (),
                            )
                        )

    def modules_under(self, name: str, package: bool) -> Iterator[ModuleInfo]:
        for module in self.project.modules.values():
            if module.name == name or (package and module.name.startswith(name + ".")):
                yield module

    def hand(self, target: ModuleInfo) -> None:
        """What the root module passes to `Definitions(...)` (the scan's loading facts)."""
        loading = target.scan.loading
        for listed in loading.listed:
            found = (
                self.resolve_qualname(listed.qualified)
                if listed.qualified
                else self.resolve_binding(target.name, listed.name)
            )
            if found is None:
                self.hand_loaded.append((listed.name, "not a project definition"))
                self.notes.append(
                    f"{self.prefix}{target.path}:{listed.line}: {listed.name} is not a"
                    " definition of the project known statically; not listed"
                )
                continue
            origin, definition = found
            self.hand_loaded.append((listed.name, f"{origin.name}.{definition.binding}"))
            self.load(origin, definition)
        for manual in loading.manual_loads:
            names = (*manual.modules, *manual.packages)
            self.hand_loaded.append((f"{manual.helper}(...)", ", ".join(names)))
            if manual.helper.startswith("load_definitions_"):
                for name in names:  # the same objects, not copies
                    for source in self.modules_under(name, package=name in manual.packages):
                        self.load_module(source)
                continue
            checks = "check" in manual.helper
            kind = f"reloaded {'asset checks' if checks else 'assets'}"
            # The same call bound at module level carries its group_name / key_prefix.
            bound = [
                d
                for d in target.scan.definitions
                if d.kind == kind and dict(d.details).get("modules") == names
            ]
            package: tuple[tuple[str, object], ...] = ()
            if manual.packages:
                package = (("package", True),)
            self.reload(
                target,
                bound[0]
                if bound
                else Definition(
                    kind=kind,
                    category=ASSET_CHECK if checks else ASSET,
                    name=None,
                    binding=None,
                    line=manual.line,
                    col=manual.col,
                    details=(("modules", names), *package),
                ),
            )


def _join(base: str, rest: str) -> str:
    return f"{base}.{rest}" if rest else base


# -- the walk ----------------------------------------------------------------------------------
@dataclass
class _Walk:
    """The defs modules the autoloader collects, the ones it skips (why), and what the
    listing cannot see (component folders, imported Definitions objects)."""

    walked: list[ModuleInfo] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    unseen: list[Unresolved] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def walk(project: ProjectMap, prefix: str = "") -> _Walk:
    """Dagster's walk of the defs package, as the project map's LoadingView models it."""
    found = _Walk()
    if project.defs_module is None:
        return found
    view = project.loading
    components: dict[str, str] = {}
    inside = sorted(
        (m for m in project.modules.values() if project.in_defs(m.name)),
        key=lambda m: tuple(m.path.split("/")),
    )
    for module in inside:
        skip = view.skipped(module)
        if skip is not None:
            if skip.reason == "yaml":
                components.setdefault(skip.folder, skip.detail)
                why = f"{skip.folder}/ is a YAML component ({skip.detail})"
            else:
                why = f"load_defs loads only {skip.detail} from {skip.folder}/"
            found.skipped.append((module.name, why))
        elif view.fails(module):
            found.skipped.append((module.name, "several Definitions objects (DGD303)"))
            found.problems.append(f"{prefix}{module.path}: several Definitions objects")
        else:
            found.walked.append(module)
            for takeover in view.takeovers(module):
                where = f"{prefix}{module.path}:{takeover.obj.line}"
                if takeover.origin != module.name:
                    found.unseen.append(
                        Unresolved(
                            "definitions",
                            f"{where}: Definitions object {takeover.obj.binding} imported"
                            f" from {takeover.origin}",
                        )
                    )
                else:
                    found.notes.append(
                        f"{where}: {takeover.obj.binding} takes the module over: only the"
                        " definitions it holds are listed"
                    )
    for folder, component in sorted(components.items()):
        found.unseen.append(
            Unresolved("definitions", f"{prefix}{folder}/: YAML component {component}")
        )
    return found


def target_module(project: ProjectMap) -> str | None:
    """The code location target: the module that calls the autoloader, else <root>.definitions."""
    for module, _ in project.loader_calls:
        if not project.in_defs(module.name):
            return module.name
    default = f"{project.root_module}.definitions"
    return default if default in project.modules else None


# -- the listing -------------------------------------------------------------------------------
def build_listing(
    project: ProjectMap,
    prefix: str = "",
    target: str | None = None,
    factories: Mapping[str, ModuleFactories] | None = None,
) -> Listing:
    """What the autoloader plus the root module load, as `dg list defs` shows it.

    `prefix`: the package folder relative to the project folder, for `source` paths;
    `factories`: per module, its factory functions and module-level calls (scan.factories).
    """
    collector = _Collector(project, prefix)
    found = walk(project, prefix)
    view = project.loading
    contributed: list[tuple[str, tuple[str, ...]]] = []
    for module in found.walked:
        labels: list[str] = []
        for loaded in view.contributes(module):
            collector.add(_Loaded(loaded.origin, loaded.definition))
            labels.append(f"{loaded.definition.kind} {loaded.definition.label}")
        contributed.append((module.name, tuple(labels)))
        if not view.takeovers(module):
            for definition in module.scan.definitions:
                if definition.reloads and definition.binding:
                    collector.reload(module, definition)
    target = target or target_module(project)
    target_info = project.modules.get(target) if target else None
    if target_info is not None and not project.in_defs(target_info.name):
        if target_info.scan.loading.definitions_objects:
            collector.hand(target_info)
        elif not target_info.scan.loader_calls:
            collector.load_module(target_info)
    if project.defs_module is None and target_info is None:
        collector.notes.append("no defs package and no code location target module found")
    calls = project.loader_calls
    report = LoaderReport(
        loader=calls[0][1].loader if calls else None,
        loader_call=f"{prefix}{calls[0][0].path}:{calls[0][1].line}" if calls else None,
        defs_module=project.defs_module,
        target_module=target,
        walked=tuple(m.name for m in found.walked),
        contributed=tuple(contributed),
        skipped=tuple(found.skipped),
        hand_loaded=tuple(collector.hand_loaded),
        notes=(*found.notes, *collector.notes),
    )
    listing = _entries(collector, report)
    loaded_modules = list(found.walked)
    if target_info is not None and target_info not in loaded_modules:
        loaded_modules.append(target_info)
    unseen = (
        *found.unseen,
        *collector.unseen,
        *_factory_results(collector, loaded_modules, factories or {}),
        *(
            Unresolved("definitions", f"{u.location}: the stubs of {entry.key}'s unresolved deps")
            for entry in listing.assets
            for u in entry.unresolved
            if u.field == "dependency_keys"
        ),
    )
    assets = listing.assets
    if unseen:
        # A dependency nothing listed defines may be one of the unseen definitions: no stub.
        assets = tuple(a for a in assets if a.source is not None or a.executable)
    return replace(
        listing,
        assets=assets,
        problems=(*found.problems, *listing.problems),
        unseen=unseen,
    )


def _factory_results(
    collector: _Collector,
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
                    f"{collector.prefix}{module.path}:{call.line}: {call.binding} ="
                    f" {call.factory}(...), changed by a method",
                )
            )
        for call in facts.inline:
            found.append(
                Unresolved(
                    "definitions",
                    f"{collector.prefix}{module.path}:{call.line}: {call.factory}(...)"
                    " written inside Definitions(...)",
                )
            )
        for call in facts.calls:
            origin: str | None = None
            head, _, name = call.factory.rpartition(".")
            if not head and name in facts.makers:
                origin = module.name
            elif head:
                origin = collector.local_module(module, head)
            else:
                imported = collector.imported_name(module, name)
                if imported is not None:
                    origin, name = imported
            if origin is None or name not in factories.get(origin, _NONE).makers:
                continue
            found.append(
                Unresolved(
                    "definitions",
                    f"{collector.prefix}{module.path}:{call.line}: {call.binding} ="
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


#: Detail names as `dg list defs --json` calls them.
_FIELD_NAMES = {
    "group": "group_name",
    "deps": "dependency_keys",
    "cron": "cron_schedule",
    "modules": "modules",
}


def _entries(collector: _Collector, report: LoaderReport) -> Listing:
    entries = _Entries(collector)
    for item in collector.loaded.values():
        category = item.definition.category
        if category == ASSET:
            entries.asset(item)
        elif category == ASSET_CHECK:
            entries.check(item)
        elif category == JOB:
            entries.job(item)
        elif category == SCHEDULE_OR_SENSOR:
            entries.schedule_or_sensor(item)
    return entries.listing(report)


class _Entries:
    """The loaded definitions turned into the entries of each section, with the problems
    (duplicate keys and names) Dagster would refuse the project for."""

    def __init__(self, collector: _Collector) -> None:
        self.collector = collector
        self.prefix = collector.prefix
        self.problems: list[str] = []
        self.assets: dict[str, AssetEntry] = {}
        self.siblings: dict[str, tuple[str, ...]] = {}  # key -> keys of the same definition
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
        self.owners: dict[tuple[str, str], tuple[str, str, int, int, str]] = {}
        self.wanted_jobs: list[tuple[_Loaded, str]] = []

    # -- helpers ---------------------------------------------------------------------------
    def claim(self, kind: str, name: str, item: _Loaded) -> bool:
        """True for the first object with this key or name; a second one is a problem."""
        previous = self.owners.setdefault((kind, name), item.identity)
        if previous == item.identity:
            return True
        again = (
            f"copied again by the load_*_from_* call at {item.copied_at}"
            if item.copied_at
            else f"defined again at {self.source(item)}"
        )
        self.problems.append(f"duplicate {kind} {name!r}: {again}")
        return False

    def source(self, item: _Loaded) -> str:
        return _location(self.prefix, item.module, item.definition.line)

    def where(self, item: _Loaded) -> str:
        return _location(self.prefix, item.module, item.definition.line, item.definition.col)

    def unresolved(self, item: _Loaded, details: dict[str, object]) -> tuple[Unresolved, ...]:
        return _unresolved(self.prefix, item.module, details.get("unresolved", ()))

    # -- one loaded definition --------------------------------------------------------------
    def asset(self, item: _Loaded) -> None:
        d = item.definition
        details = dict(d.details)
        per_key = details.get("per_key")
        if isinstance(per_key, tuple):
            pairs = [(str(k), dict(v)) for k, v in per_key]
        else:
            pairs = [(key, details) for key in d.keys]
        if not pairs:
            missing = (Unresolved("asset_key", self.where(item)), *self.unresolved(item, details))
            self.unkeyed_assets.append(
                AssetEntry(None, DEFAULT_GROUP, source=self.source(item), unresolved=missing)
            )
            return
        for key, own in pairs:
            if item.key_prefix:
                key = "/".join([*item.key_prefix, key])
            if not self.claim("asset key", key, item):
                continue
            deps, deps_missing = _deps(self.collector, own)
            unresolved = self.unresolved(item, details)
            if deps_missing:
                unresolved = (*unresolved, Unresolved("dependency_keys", self.where(item)))
            group: str | None = item.group or str(own.get("group", DEFAULT_GROUP))
            if item.group is None and any(u.field == "group_name" for u in unresolved):
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

    def check(self, item: _Loaded) -> None:
        d = item.definition
        details = dict(d.details)
        unresolved = self.unresolved(item, details)
        keys = d.keys
        asset_ref = details.get("asset_ref")
        if not keys and isinstance(asset_ref, str) and d.name:
            target = self.collector.resolve_qualname(asset_ref)
            if target is not None and len(target[1].keys) == 1:
                keys = (f"{target[1].keys[0]}:{d.name}",)
        check_name = details.get("check_name")
        if not keys and isinstance(check_name, str) and "checked" in details:
            checked, unknown = _deps(
                self.collector,
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
        additional, additional_missing = _deps(self.collector, details)
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

    def job(self, item: _Loaded) -> None:
        d = item.definition
        details = dict(d.details)
        unresolved = self.unresolved(item, details)
        if d.name is None:
            missing = (Unresolved("name", self.where(item)), *unresolved)
            self.unnamed_jobs.append(JobEntry(None, None, self.source(item), missing))
        elif self.claim("job", d.name, item):
            description = _text(details.get("description"))
            self.jobs[d.name] = JobEntry(d.name, description, self.source(item), unresolved)

    def schedule_or_sensor(self, item: _Loaded) -> None:
        d = item.definition
        details = dict(d.details)
        unresolved = self.unresolved(item, details)
        is_schedule = "schedule" in d.kind
        # The jobs it targets load with it (`job=` objects and jobs written inline).
        job = details.get("job")
        job_ref = details.get("job_ref") or d.job_ref
        if not isinstance(job, str) and isinstance(job_ref, str):
            found = self.collector.resolve_qualname(job_ref)
            job = found[1].name if found is not None else None
        if isinstance(job, str):
            self.wanted_jobs.append((item, job))
        self.wanted_jobs.extend((item, name) for name in _strings(details.get("inline_jobs")))
        name = d.name
        if name is None and is_schedule and isinstance(job, str):
            name = f"{job}_schedule"  # ScheduleDefinition's default name
        cron = _text(details.get("cron"))
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
            found = _find_job(self.collector.project, job_name)
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
        # Dagster adds a stub for a key nothing defines: a dependency, or a checked asset.
        named = [dep for entry in self.assets.values() for dep in entry.deps]
        named.extend(check.asset_key for check in self.checks.values() if check.asset_key)
        for key in named:
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
            problems=tuple(self.problems),
        )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _strings(value: object) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, tuple) else ()


def _pairs(value: object) -> tuple[tuple[object, object], ...]:
    if not isinstance(value, tuple):
        return ()
    return tuple(item for item in value if isinstance(item, tuple) and len(item) == 2)


def _deps(collector: _Collector, details: dict[str, object]) -> tuple[tuple[str, ...], bool]:
    """Upstream keys (those written as keys, and those of the assets or the module-level
    container named by reference), and whether some reference could not be resolved."""
    raw = details.get("deps", ())
    deps = [str(k) for k in raw] if isinstance(raw, tuple) else []
    refs = details.get("dep_refs", ())
    missing = False
    for ref in refs if isinstance(refs, tuple) else ():
        keys = collector.keys_of(str(ref))
        if keys is None:
            missing = True
        else:
            deps.extend(keys)
    return tuple(sorted(set(deps))), missing


def _key(entry: AssetEntry) -> str:
    return entry.key or ""


def _cron(details: dict[str, object]) -> str | None:
    cron = details.get("cron")
    return cron if isinstance(cron, str) else None


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
        "resources": [],
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
