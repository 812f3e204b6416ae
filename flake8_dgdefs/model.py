"""Plain data shared by the scan, the project map and the rules. No behaviour, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

#: Namespaces in which Dagster requires unique names (schedules and sensors share one).
ASSET = "asset"
ASSET_CHECK = "asset_check"
JOB = "job"
SCHEDULE_OR_SENSOR = "schedule_or_sensor"

#: Kind prefix of lists that `load_assets_from_modules` & co. build anew from other modules.
RELOADED = "reloaded"


@dataclass(frozen=True, slots=True)
class Details:
    """What `flake8-dgdefs list` shows of a definition, read statically from its source
    (scan/details.py). An absent value (None, or an empty tuple) means Dagster's default
    (no group: "default"; no deps, kinds or description) or, for a tuple that may be
    empty, that the argument was not written (those are None when absent).

    Slotted: one per definition, mostly defaults; an instance dict of its 31 fields would
    take 1.6 KB, ten times the slots."""

    group: str | None = None  # group_name=
    deps: tuple[str, ...] = ()  # upstream asset keys (deps=, ins=, function parameters)
    dep_refs: tuple[str, ...] = ()  # upstream objects by qualified name (deps=[an_asset])
    inputs: tuple[str, ...] = ()  # the deps that are inputs (ins=, parameters): no stub
    #: Inputs of ins= whose AssetIn sets more than its key (dagster_type=Nothing makes a
    #: dependency only).
    typed_ins: tuple[str, ...] = ()
    annotated: tuple[tuple[str, str], ...] = ()  # (parameter, annotation): maybe a resource
    kinds: tuple[str, ...] = ()  # kinds= (compute_kind is not a kind in dg list defs)
    owners: tuple[str, ...] = ()  # owners= as written (`team:x` or an email)
    tags: tuple[tuple[str, str], ...] = ()  # asset tags=, sorted by key
    description: str | None = None  # description= or the docstring, as Dagster formats it
    cron: str | None = None  # cron_schedule of a schedule
    job: str | None = None  # name of the job object a schedule or sensor targets
    job_name: str | None = None  # job_name= of a schedule or sensor (a name: loads no job)
    job_ref: str | None = None  # qualified name of the job object a schedule or sensor targets
    inline_jobs: tuple[str, ...] = ()  # define_asset_job(...) written in job= / jobs=
    asset_ref: str | None = None  # qualified name of the imported asset an @asset_check targets
    check_name: str | None = None  # the fixed name of the checks a Dagster check builder makes
    checked: tuple[str, ...] | None = None  # keys of the assets= such a builder checks
    checked_refs: tuple[str, ...] = ()  # assets= items named by reference (qualified names)
    executable: bool = True  # False for AssetSpec / SourceAsset (Dagster's is_executable)
    modules: tuple[str, ...] = ()  # modules a load_*_from_modules call reads
    helper: str | None = None  # the load_*_from_* function such a call names
    key_prefix: tuple[str, ...] = ()  # key_prefix= of a load_*_from_modules call
    package: bool = False  # the load_*_from_package_* call reads every submodule too
    #: Details of each key of a multi-asset.
    per_key: tuple[tuple[str, Details], ...] | None = None
    #: partitions_def= of an asset or job, described (scan/partitions.py: a Value).
    partitions: object = None
    partitions_ref: str | None = None  # qualified name of an imported partitions_def not given
    #: define_asset_job's literal selection: ("key", key) or ("ref", qualified asset).
    selection: tuple[tuple[str, str], ...] | None = None
    #: The arguments of build_schedule_from_partitioned_job that shape its cron.
    partitioned: tuple[tuple[str, int | str], ...] | None = None
    partitioned_job: Details | None = None  # partitions and selection of its inline job
    unresolved: tuple[tuple[str, int, int], ...] = ()  # (field, line, col) not known statically

    def unresolved_fields(self) -> set[str]:
        """The names of the fields the scan could not evaluate."""
        return {field for field, _, _ in self.unresolved}


#: A definition's details when the scan found none.
NO_DETAILS = Details()


@dataclass(frozen=True, slots=True)
class Definition:
    """A module-level object that Dagster's autoloader would collect."""

    kind: str  # what the user wrote, as a word: "asset", "multi_asset", "job", "schedule", ...
    category: str  # one of the namespaces above
    name: str | None  # Dagster's name or asset key, when it is known statically
    binding: str | None  # the module attribute that holds it; None if it is not bound
    line: int
    col: int
    keys: tuple[str, ...] = ()  # every asset key / name it defines, when known
    job_ref: str | None = None  # schedules built from a job defined elsewhere
    details: Details = NO_DETAILS  # what `flake8-dgdefs list` shows
    #: Bound in a block that may not run (`if`, a loop, `try`): its name may hold another
    #: value, or none, when the module has run.
    conditional: bool = False

    @property
    def reloads(self) -> bool:
        """True for `load_assets_from_modules(...)` & co.: copies of other modules' objects."""
        return self.kind.startswith(RELOADED)

    @property
    def label(self) -> str:
        """How messages name it: Dagster's name, else the Python name."""
        return self.name or self.binding or "<unnamed>"

    def keyed_details(self) -> list[tuple[str, Details]]:
        """Each key with its own details (a multi-asset's `per_key`, else the shared ones)."""
        per_key = self.details.per_key
        if per_key is not None:
            return list(per_key)
        return [(key, self.details) for key in self.keys]


def strings_of(value: object) -> tuple[str, ...]:
    """A loosely typed value (a YAML attribute, a stored constant) as a tuple of strings;
    () when it is not a tuple."""
    return tuple(str(item) for item in value) if isinstance(value, tuple) else ()


def pairs_of(value: object) -> tuple[tuple[object, object], ...]:
    """A loosely typed value as (name, value) pairs; () when it is not a tuple."""
    if not isinstance(value, tuple):
        return ()
    return tuple(item for item in value if isinstance(item, tuple) and len(item) == 2)


@dataclass(frozen=True, slots=True)
class ImportRef:
    """One import statement (anywhere in the module), with absolute module names."""

    line: int
    col: int
    module: str  # `import a.b` -> "a.b"; `from a.b import c` -> "a.b"
    names: tuple[tuple[str, str], ...] = ()  # (imported name, local name) for `from` imports
    star: bool = False
    module_level: bool = True


@dataclass(frozen=True, slots=True)
class LoaderCall:
    """A call to `load_defs` or `load_from_defs_folder`."""

    line: int
    col: int
    loader: str  # "load_defs" or "load_from_defs_folder"
    target: str | None  # the defs package named by `load_defs(...)`; None: from the config


@dataclass(frozen=True, slots=True)
class ManualLoad:
    """A `load_assets_from_modules(...)`-style call: it builds NEW objects from other modules."""

    line: int
    col: int
    helper: str  # the Dagster function called
    modules: tuple[str, ...] = ()  # modules read themselves (`[elt_assets]`)
    packages: tuple[str, ...] = ()  # packages read with every submodule
    module_level: bool = False  # its result is bound at module level (collected in defs)
    group: str | None = None  # group_name=, when it is a known value
    key_prefix: tuple[str, ...] = ()  # key_prefix=, when it is a known value
    unread: tuple[str, ...] = ()  # "group_name" / "key_prefix" given but not known


@dataclass(frozen=True, slots=True)
class ListedName:
    """A name put by hand into a `Definitions(...)` call (`jobs=[orders_job]`)."""

    line: int
    col: int
    name: str  # as written
    qualified: str | None  # resolved through the module's imports; None: a local name
    argument: str = "assets"  # the keyword it is passed in (`resources` for resources)
    wrapper: str = ""  # a call it is passed through that rebuilds it (code references)
    #: The group api.MAPPER gives what it maps; None with that wrapper: its changes unknown.
    group: str | None = None


@dataclass(frozen=True, slots=True)
class DefinitionsObject:
    """A module-level `Definitions` object, or a `@definitions` function."""

    binding: str
    line: int
    col: int
    is_function: bool = False
    contains: tuple[str, ...] = ()  # module-level names it uses (what it loads of the file)


@dataclass(frozen=True, slots=True)
class ResourceBinding:
    """A module-level name holding a resource, an IO manager, or a dict of them (maybe)."""

    binding: str
    line: int
    col: int
    kind: str  # "resource", "IO manager", "resources dict"
    class_refs: tuple[str, ...] = ()  # qualified classes it instantiates; () when known


@dataclass(frozen=True, slots=True)
class GivenResource:
    """One entry of a `Definitions(resources={...})` dict: the key and what it is given."""

    line: int
    col: int
    key: str | None  # None: not a constant (or the argument is not a dict literal)
    reference: str | None  # a value bound elsewhere: its qualified (or local) name
    class_ref: str | None  # a resource built inline: the class called (qualified)
    scope: str | None = None  # the top-level function the call is in; None: module level


@dataclass(frozen=True, slots=True)
class Gathered:
    """A definition built as an item of a module-level container (list, tuple, dict, set)."""

    container: str  # "list", "tuple", "dict", "set", "nested list"
    binding: str  # the name that holds the container
    collected: bool  # a flat list of definitions is collected; the rest is not
    definition: Definition  # binding None; line and col of the item


@dataclass(frozen=True, slots=True)
class InlineDefinition:
    """A definition built inside a `Definitions(...)` call (`assets=[dg.AssetSpec("x")]`)."""

    argument: str  # the keyword it is passed in: "assets", "jobs", ...
    scope: str | None  # the top-level function the call is in; None: module level
    definition: Definition  # binding None; line and col of the constructor call


@dataclass(frozen=True, slots=True)
class LoadingScan:
    """What one module says about how Dagster loads it (issue 3's rules)."""

    manual_loads: tuple[ManualLoad, ...] = ()
    listed: tuple[ListedName, ...] = ()
    definitions_objects: tuple[DefinitionsObject, ...] = ()
    resources: tuple[ResourceBinding, ...] = ()
    classes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (class name, qualified bases)
    gathered: tuple[Gathered, ...] = ()
    asset_jobs: tuple[str, ...] = ()  # names bound to `define_asset_job(...)`
    deps_names: tuple[str, ...] = ()  # names used in a `deps=` argument (upstream only)
    component_instances: tuple[int, ...] = ()  # lines of `@component_instance` functions
    given_resources: tuple[GivenResource, ...] = ()  # `Definitions(resources={...})` entries
    inline: tuple[InlineDefinition, ...] = ()  # definitions built inside `Definitions(...)`
    #: (name, line, callee) for each call in the value of a module-level binding (callee:
    #: its qualified name, "" when not known): what a factory may build (loading.deps).
    opaque: tuple[tuple[str, int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class FactoryCall:
    """A module-level `name = factory(...)`, or `name = dg.AssetSpec(...).method(...)`."""

    line: int
    col: int
    binding: str
    factory: str  # the called name as written: `make_asset`, `factories.make_asset`


@dataclass(frozen=True, slots=True)
class Factories:
    """What `list` names when the scan could not evaluate it (scan/factories.py)."""

    makers: tuple[str, ...] = ()  # module-level functions that build definitions
    calls: tuple[FactoryCall, ...] = ()  # module-level bindings the scan did not evaluate
    #: Module-level `name = dg.AssetSpec(...).replace_attributes(...)` (factory: the method).
    chained: tuple[FactoryCall, ...] = ()


@dataclass(frozen=True, slots=True)
class ModuleScan:
    """What one module contributes to the project map."""

    definitions: tuple[Definition, ...] = ()
    imports: tuple[ImportRef, ...] = ()
    loader_calls: tuple[LoaderCall, ...] = ()
    error: str | None = None  # why the module could not be scanned (syntax error, ...)
    loading: LoadingScan = LoadingScan()  # what the DGD2xx-4xx rules read
    #: Module-level names bound to a static value when the module ends (scan/values.py).
    constants: tuple[tuple[str, object], ...] = ()
    #: Names bound by an import and then bound again: the import no longer says their value.
    rebound: tuple[str, ...] = ()
    #: Qualified names of other modules' values the scan asked for, and those it was given.
    asked: tuple[str, ...] = ()
    given: tuple[tuple[str, object], ...] = ()
    factories: Factories = Factories()


@dataclass(frozen=True, slots=True)
class Violation:
    """One error to report: where, and the full flake8 message (code first)."""

    line: int
    col: int
    message: str
