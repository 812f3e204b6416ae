"""Dependencies between the loaded assets, as Dagster resolves them when it loads.

For each asset key a certain loaded object takes (the first one: a second is a clash), its
upstream keys: those written as keys, those of the assets named by reference, and Dagster's
fallback for a one-part key that names no asset (matched by name within the asset's group,
`resolve_assets_def_deps`). Then what Dagster does with the keys nobody defines
(`resolve_stub_assets_defs`): a stub for a `deps=` key or a checked asset, and for an input
(a parameter, `ins=`) a load failure instead, `Input asset "[...]" is not produced by any of
the provided asset ops`.

`incompleteness` says why the model may not see every object that may load; only when it
sees them all may a key nobody defines be called a failure (`LoadModel.failures`). Pure: it
reads the model.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple

from flake8_dgdefs.api import (
    CALLS,
    DAGSTER_PACKAGES,
    DEFINITIONS_MAKERS,
    PLAIN_TYPE_MODULES,
    PLAIN_TYPES,
)
from flake8_dgdefs.loading.post_processing import group_after, steps_of
from flake8_dgdefs.model import ASSET, ASSET_CHECK, JOB, Details
from flake8_dgdefs.project_map import ModuleInfo, PostProcessing, within

if TYPE_CHECKING:  # pragma: no cover
    from flake8_dgdefs.loading.load import Loaded, LoadModel

DEFAULT_GROUP = "default"

#: Detail fields whose value being unknown changes no key, group or dependency.
HARMLESS_FIELDS = frozenset(
    {"description", "kinds", "owners", "tags", "cron", "partitions", "metadata"}
)
#: Dagster calls that return values, never a loadable definition (a binding of one is seen).
DAGSTER_VALUES = frozenset(
    {
        "AssetKey", "AssetIn", "AssetOut", "AssetDep", "AssetSelection", "EnvVar", "Field",
        "RetryPolicy", "Backoff", "Jitter", "FreshnessPolicy", "AutomationCondition",
        "AutoMaterializePolicy", "DailyPartitionsDefinition", "HourlyPartitionsDefinition",
        "WeeklyPartitionsDefinition", "MonthlyPartitionsDefinition",
        "StaticPartitionsDefinition", "TimeWindowPartitionsDefinition",
        "DynamicPartitionsDefinition", "MultiPartitionsDefinition", "MetadataValue",
        "TableSchema", "TableColumn", "TableRecord", "get_dagster_logger", "file_relative_path",
        "Path", "groups", "keys", "assets", "all", "key_prefixes",
    }
)


@dataclass(frozen=True)
class AssetDeps:
    """One loaded asset key's upstream keys, as Dagster resolves them."""

    key: str
    item: Loaded
    group: str | None  # None: not known statically
    deps: tuple[str, ...]  # upstream keys after Dagster's group fallback, sorted
    inputs: tuple[str, ...]  # the deps that are inputs (no stub: a failure if unproduced)
    unsure_inputs: frozenset[str]  # inputs that may be Nothing-typed or a resource
    unknown: bool  # some upstream key is not known statically


@dataclass(frozen=True)
class Unproduced:
    """An input of a loaded asset that no loaded asset produces."""

    key: str  # the consuming asset
    input: str  # the input's key
    item: Loaded
    certain: bool  # an input for sure (not Nothing-typed, not a resource parameter)


class Dependencies:
    """The dependencies of every loaded asset, the stubs, and the unproduced inputs."""

    def __init__(self, model: LoadModel) -> None:
        self.model = model
        self.assets: dict[str, AssetDeps] = {}
        self.siblings: dict[str, tuple[str, ...]] = {}  # key -> keys of the same definition
        self.check_keys: dict[tuple[str, int, int, tuple[str, ...], str], tuple[str, ...]] = {}
        self._checked: list[str] = []
        #: Per copying call (Copy.label): the keys of the assets it copies.
        self._copied: dict[str, set[str]] = {}
        for item in model.items:
            if item.copy is not None and item.definition.category == ASSET:
                self._copied.setdefault(item.copy.label, set()).update(item.definition.keys)
        for item in model.items:
            if not item.certain:
                continue
            if item.definition.category == ASSET:
                self._asset(item)
            elif item.definition.category == ASSET_CHECK:
                keys = self._check(item)
                self.check_keys[item.identity] = keys
                self._checked.extend(key.rpartition(":")[0] for key in keys)
        self._resolve()
        self.unproduced = tuple(self._unproduced())
        gone = {u.input for u in self.unproduced}
        named = [dep for entry in self.assets.values() for dep in entry.deps]
        named.extend(self._checked)
        self.stubs = tuple(
            dict.fromkeys(k for k in named if k not in self.assets and k not in gone)
        )

    # -- one asset ------------------------------------------------------------------------
    def _asset(self, item: Loaded) -> None:
        d = item.definition
        pairs = d.keyed_details()
        group_unknown = "group" in d.details.unresolved_fields()
        if item.copy is not None and item.copy.prefix_unknown:
            pairs = []  # keys not known
        for key, own in pairs:
            prefix = item.copy.key_prefix if item.copy is not None else ()
            if prefix:
                key = "/".join([*prefix, key])
            if key in self.assets:
                continue  # a clash: the first object keeps the key
            deps, missing = upstream(self.model, own)
            resources, unsure = self.resource_parameters(item.origin, own)
            deps = tuple(dep for dep in deps if dep not in resources | unsure)
            inputs = tuple(i for i in own.inputs if i not in resources | unsure)
            if prefix and item.copy is not None:  # Dagster prefixes deps among the copies
                copied = self._copied.get(item.copy.label, set())
                deps = tuple("/".join([*prefix, d]) if d in copied else d for d in deps)
                inputs = tuple("/".join([*prefix, i]) if i in copied else i for i in inputs)
            maybe = set(own.typed_ins)
            for parameter, annotation in own.annotated:
                if _may_be_nothing(annotation):
                    maybe.add(parameter)
            copied_group = item.copy.group if item.copy is not None else None
            own_group = own.group if own.group is not None else DEFAULT_GROUP
            group: str | None = copied_group or own_group
            if (copied_group is None and group_unknown) or (item.copy and item.copy.reshaped):
                group = None
            group = group_after(self.model, item, group)  # YAML post_processing
            self.assets[key] = AssetDeps(
                key, item, group, deps, inputs, frozenset(maybe),
                missing or bool(unsure) or bool(item.copy and item.copy.reshaped),
            )
            self.siblings[key] = tuple(k for k, _ in pairs)

    def resource_parameters(
        self, module: ModuleInfo, details: Details
    ) -> tuple[set[str], set[str]]:
        """The annotated parameters Dagster fills with resources (their class is one of the
        project's resource classes), and those that may be either (a class from another
        package, or an annotation that is not a plain name)."""
        resolver = self.model.resolver
        resources: set[str] = set()
        unsure: set[str] = set()
        for parameter, name in details.annotated:
            if "." not in name and name in PLAIN_TYPES:
                continue
            qualified = name if "." in name else f"{module.name}.{name}"
            project_class = resolver.class_named(qualified)
            if project_class is not None:
                if project_class in self.model.resource_classes:
                    resources.add(parameter)
            elif not _plain_type(name):
                unsure.add(parameter)
        return resources, unsure

    def _check(self, item: Loaded) -> tuple[str, ...]:
        """The keys (`asset:name`) of a loaded asset check, when known."""
        d = item.definition
        details = d.details
        keys = d.keys
        if not keys and details.asset_ref is not None and d.name:
            target = self.model.resolver.qualified(details.asset_ref)
            if target is not None and len(target[1].keys) == 1:
                keys = (f"{target[1].keys[0]}:{d.name}",)
        check_name = details.check_name
        if not keys and check_name is not None and details.checked is not None:
            checked, unknown = upstream(
                self.model, Details(deps=details.checked, dep_refs=details.checked_refs)
            )
            if not unknown:
                keys = tuple(f"{key}:{check_name}" for key in checked)
        return keys

    # -- the whole graph ------------------------------------------------------------------
    def _resolve(self) -> None:
        """Dagster's own fallback: a one-part dep that names no asset is matched by name
        within the asset's group (`@asset(key_prefix="p") def a(up)` reads `p/up`)."""
        by_group_and_name: dict[tuple[str | None, str], list[str]] = {}
        for key, entry in self.assets.items():
            by_group_and_name.setdefault((entry.group, key.split("/")[-1]), []).append(key)
        for key, entry in list(self.assets.items()):
            changed = False
            deps = []
            for dep in entry.deps:
                if dep not in self.assets and "/" not in dep:
                    matches = [
                        k
                        for k in by_group_and_name.get((entry.group, dep), [])
                        if k not in self.siblings.get(key, ())
                    ]
                    if len(matches) == 1:
                        deps.append(matches[0])
                        changed = True
                        continue
                deps.append(dep)
            if changed:
                self.assets[key] = AssetDeps(
                    entry.key, entry.item, entry.group, tuple(sorted(set(deps))),
                    entry.inputs, entry.unsure_inputs, entry.unknown,
                )

    def _unproduced(self) -> Iterator[Unproduced]:
        """Inputs still unresolved: Dagster makes no stub for them, it refuses the load.
        Certain only when the input is one for sure and no group fallback may apply."""
        unknown_groups = {
            key.split("/")[-1] for key, entry in self.assets.items() if entry.group is None
        }
        for key, entry in self.assets.items():
            for name in entry.inputs:
                if name in entry.deps and name not in self.assets:
                    certain = (
                        name not in entry.unsure_inputs
                        and entry.group is not None
                        and name.split("/")[-1] not in unknown_groups
                        and entry.item.definition.kind in INPUT_KINDS
                    )
                    yield Unproduced(key, name, entry.item, certain)


#: Kinds whose inputs are their own (a graph asset's come from its ops' types).
INPUT_KINDS = frozenset({"asset", "multi_asset"})


class Reason(NamedTuple):
    """One reason the model may not see everything, and what it rests on: the module
    whose scan (and walk) decides it, "" for the project's settings and code location,
    None for more than one module (an object's certainty, an asset's keys)."""

    text: str
    rests_on: str | None


def incompleteness(model: LoadModel) -> Iterator[Reason]:
    """Why the model may not see every object that loads, one reason at a time (the
    cheapest checks first); none: it sees them all. Each of these must hold:
    1. the code location module is in the tree, and every module of the project parses;
    2. nothing loads that it cannot see (`unseen`: component.py, @component_instance, a
       Definitions object imported from elsewhere, a load_*_from_* call over modules not
       known, a name passed by hand it cannot follow, a Definitions(...) it cannot read);
    3. every loaded object is certain (nothing only "may load");
    4. no YAML component folder in defs but DefsFolderComponent (its type builds objects);
    5. no defs module is refused (several Definitions objects);
    6. in every module whose attributes load (walked modules, a code location that lists
       nothing), every module-level binding of a call's result is explained: a definition,
       a resource, a Definitions object, a constant, or a call of the standard library or
       of Dagster's value types; no name is imported from a package other than the project,
       Dagster and the standard library (it may be an asset built there); no star import of
       such a package;
    7. every name a @definitions function of those modules uses is a project definition,
       resource or constant, a name of Dagster or the standard library, or a module
       (a module-level Definitions object's calls are item 6's bindings);
    8. every loaded asset has known keys, group and upstream keys (only its description,
       kinds, owners, tags, partitions may be unknown); no copy has a key_prefix (Dagster
       prefixes the deps among the copies too);
    9. (definitions built inside a Definitions(...) call are seen, with their keys: items 3
       and 8; a call there that builds nothing the scan reads falls under 6 and 7).
    Copies made by load_*_from_* over known modules are seen (load.py), so they keep it.
    """
    project = model.project
    location = model.location
    if location.target is None:
        yield Reason("the code location module is not in the tree", "")
    for m in project.modules.values():
        if m.scan.error:
            yield Reason(f"{m.path} does not parse", m.name)
    for u in model.unseen:
        yield Reason(f"{u.module.path}:{u.line}: {u.what}", u.module.name)
    for i in model.items:
        if not i.certain:
            yield Reason(f"{i.origin.path}:{i.definition.line}: may load", None)
    folder = model.walk.folder
    for path, component in sorted(project.component_folders.items()):
        inside = folder is not None and (path == folder or path.startswith(folder + "/"))
        if inside and (component or "").rpartition(".")[2] != "DefsFolderComponent":
            yield Reason(f"{path}/: YAML component {component}", "")
    yield from (Reason(f"{m.path}: refused", m.name) for m in model.refused)
    for module in _collected(model):
        yield from (Reason(text, module.name) for text in _unexplained(model, module))
    for item in model.items:
        definition = item.definition
        if definition.category != ASSET:
            continue
        where = f"{item.origin.path}:{definition.line}"
        if not definition.keys:
            yield Reason(f"{where}: asset key not known", None)
        details = definition.details
        per_key = [own for _, own in details.per_key or ()]
        for own in [details, *per_key]:
            if own.unresolved_fields() - HARMLESS_FIELDS:
                fields = ", ".join(sorted(own.unresolved_fields()))
                yield Reason(f"{where}: {fields} unknown", None)
            if upstream(model, own)[1]:
                yield Reason(f"{where}: upstream assets not known", None)
        if item.copy is not None and (item.copy.key_prefix or item.copy.prefix_unknown):
            yield Reason(f"{where}: copied with a key_prefix", None)
        if item.copy is not None and item.copy.reshaped:
            yield Reason(f"{where}: copied with a group or changes not known", None)
        for step in steps_of(model, item):
            if _reshapes(step):
                text = f"{where}: post_processing of {step.path} may change its deps"
                yield Reason(text, None)


def _reshapes(step: PostProcessing) -> bool:
    """A post_processing block that may change what an asset depends on or its group
    (which decides how its inputs match): not read, `deps:`, or a group by selection."""
    if step.rules is None:
        return True
    return any(
        attribute.name == "deps" or (rule.target != "*" and attribute.name == "group_name")
        or (attribute.name == "group_name" and attribute.value is None)
        for rule in step.rules
        for attribute in rule.attributes
    )


def _collected(model: LoadModel) -> Iterator[ModuleInfo]:
    """The modules whose attributes or takeovers Dagster reads."""
    seen = list(model.walked)
    target = model.location.target
    if target is not None and target not in seen:
        seen.append(target)
    yield from seen


def _unexplained(model: LoadModel, module: ModuleInfo) -> Iterator[str]:
    scan = module.scan
    loading = scan.loading
    explained = {d.binding for d in scan.definitions if d.binding}
    explained.update(name for name, _ in scan.constants)
    explained.update(r.binding for r in loading.resources)
    explained.update(loading.asset_jobs)
    for name, line, callee in loading.opaque:
        if name not in explained and not _known_call(model, callee):
            yield f"{module.path}:{line}: {name} = {callee or 'a call'}(...) not seen"
    for ref in scan.imports:
        if not ref.module_level or _safe_package(ref.module):
            continue
        if within(ref.module, model.project.root_module) or ref.module in model.project.modules:
            continue
        if ref.star or ref.names:
            yield f"{module.path}:{ref.line}: imports from {ref.module}"
    names = {n for o in loading.definitions_objects if o.is_function for n in o.contains}
    for name in sorted(names):
        if not _explained_name(model, module, name, explained):
            yield f"{module.path}: {name}, used by its Definitions, not seen"


def _explained_name(model: LoadModel, module: ModuleInfo, name: str, own: set[str]) -> bool:
    if name in own or name in _BUILTINS:
        return True
    imported = model.resolver.imported(module, name)
    if imported is not None:
        source, original = imported
        if _safe_package(source):
            return True
        if f"{source}.{original}" in model.project.modules:
            return True  # a module
        if model.resolver.binding(source, original) is not None:
            return True
        if model.resolver.resource(source, original) is not None:
            return True
        return model.resolver.constant(f"{source}.{original}") is not None
    if name in ("dg", "dagster") and any(
        ref.module_level and not ref.names and ref.module in DAGSTER_PACKAGES
        for ref in module.scan.imports
    ):
        return True  # `import dagster as dg` (the scan keeps no alias of a plain import)
    return any(
        ref.module_level and not ref.names and not ref.star and ref.module == name
        for ref in module.scan.imports
    )


def _known_call(model: LoadModel, callee: str) -> bool:
    """A call that never returns a loadable definition the scan did not read."""
    if not callee:
        return False
    head, _, _ = callee.partition(".")
    last = callee.rpartition(".")[2]
    if "." not in callee:
        return callee in _BUILTINS  # a name of the module: maybe a factory
    if head in sys.stdlib_module_names:
        return True
    if head in DAGSTER_PACKAGES:
        return last in DAGSTER_VALUES or last in _DAGSTER_BUILDERS
    return model.resolver.class_named(callee) in model.resource_classes


_DAGSTER_BUILDERS = frozenset(
    {name.rpartition(".")[2] for name in CALLS} | set(DEFINITIONS_MAKERS)
    | {"asset", "multi_asset", "asset_check", "job", "schedule", "sensor"}
)
_BUILTINS = frozenset(
    {"str", "int", "float", "bool", "dict", "list", "tuple", "set", "frozenset", "len",
     "range", "sorted", "print", "open", "__file__", "__name__", "enumerate", "zip"}
)


def _safe_package(module: str) -> bool:
    """Dagster and the standard library export no asset objects."""
    head = module.partition(".")[0]
    return head in DAGSTER_PACKAGES or head in sys.stdlib_module_names or head == "__future__"


def _may_be_nothing(annotation: str) -> bool:
    """An annotation that may make Dagster's type Nothing (a dependency, not an input)."""
    last = annotation.rpartition(".")[2]
    plain = all(part.isidentifier() for part in annotation.split("."))
    return not plain or last in ("None", "Nothing")


def _plain_type(annotation: str) -> bool:
    """True for an annotation that is never a resource: a data library's type, or one of
    Dagster's contexts (Dagster fills a parameter by its name, `context`, not its type)."""
    head, _, rest = annotation.partition(".")
    if head in PLAIN_TYPE_MODULES:
        return True
    return head in DAGSTER_PACKAGES and rest.endswith("Context")


def upstream(model: LoadModel, details: Details) -> tuple[tuple[str, ...], bool]:
    """Upstream keys (those written as keys, and those of the assets or the module-level
    container named by reference), and whether some reference could not be resolved."""
    deps = list(details.deps)
    missing = False
    for ref in details.dep_refs:
        keys = model.resolver.container_keys(ref)
        if keys is None:
            missing = True
        else:
            deps.extend(keys)
    return tuple(sorted(set(deps))), missing


@dataclass(frozen=True)
class MissingSelection:
    """A loaded asset job whose literal selection names keys no loaded asset defines."""

    item: Loaded
    name: str
    missing: tuple[str, ...]  # in the order written


def missing_selections(model: LoadModel, defined: Iterable[str], stubs: Iterable[str]
                       ) -> Iterator[MissingSelection]:
    """Asset jobs selecting keys neither defined nor a stub (Dagster: not in the graph)."""
    known = {*defined, *stubs}
    for item in model.items:
        definition = item.definition
        if not item.certain or definition.category != JOB or definition.name is None:
            continue
        selection = definition.details.selection
        if selection is None:
            continue
        keys: list[str] = []
        for sort, value in selection:
            if sort != "key":
                break  # an asset object: it loads through the job's module
            keys.append(str(value))
        else:
            missing = tuple(key for key in keys if key not in known)
            if missing:
                yield MissingSelection(item, definition.name, missing)


#: Kinds of load failure the model can prove (when complete).
INPUT_NOT_PRODUCED = "input not produced"
SELECTION_MISSING = "selection missing"


@dataclass(frozen=True)
class LoadFailure:
    """A reason, seen in the code, for which Dagster refuses the code location."""

    kind: str  # INPUT_NOT_PRODUCED or SELECTION_MISSING
    item: Loaded  # the consuming asset, or the job
    name: str  # the asset key, or the job name
    missing: tuple[str, ...]  # the input's key, or the selected keys nobody defines


def load_failures(model: LoadModel) -> tuple[LoadFailure, ...]:
    """The unproduced inputs and the jobs selecting missing keys, only when the model
    is complete (it sees every loaded object): else something unseen may produce them."""
    if model.incomplete is not None:
        return ()
    deps = model.dependencies
    found = [
        LoadFailure(INPUT_NOT_PRODUCED, u.item, u.key, (u.input,))
        for u in deps.unproduced
        if u.certain
    ]
    if all(u.certain for u in deps.unproduced):
        found.extend(
            LoadFailure(SELECTION_MISSING, m.item, m.name, m.missing)
            for m in missing_selections(model, deps.assets, deps.stubs)
        )
    return tuple(found)
