"""The load model: every object Dagster loads from a project, once, and how it is reached.

Built from the code location down (loading.location): the defs walk (loading.walk), what
the code location hands to `Definitions(...)`, the copies `load_*_from_*` calls make, and
the jobs that schedules and sensors bring. Each object is either certain to load (the
duplicate rules and `list` count it) or only possibly loaded (the "dropped" rules stay
silent about it, `list` names it as unresolved): a miss is better than a false alarm.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Iterator, Mapping

from flake8_dgdefs.api import DEFINITIONS_COMPONENT, MAPPER, RESOURCE_BASES, resource_kind
from flake8_dgdefs.loading.deps import (
    Dependencies,
    LoadFailure,
    incompleteness,
    load_failures,
)
from flake8_dgdefs.loading.location import CodeLocation, locate
from flake8_dgdefs.loading.resolver import Resolver
from flake8_dgdefs.loading.steps import Reads, Step, replays
from flake8_dgdefs.loading.walk import Skip, Takeover, Walk
from flake8_dgdefs.model import (
    ASSET,
    ASSET_CHECK,
    SCHEDULE_OR_SENSOR,
    Definition,
    GivenResource,
    ManualLoad,
)
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap, within

#: How an object is reached.
AUTOLOADED = "autoloaded"  # an attribute of a walked defs module (or in its takeover)
BY_HAND = "by hand"  # listed in the code location's Definitions(...), or its attribute
TARGETED = "targeted"  # the job a loaded schedule or sensor targets


@dataclass(frozen=True)
class Copy:
    """A `load_*_from_*` call: it builds new objects from the definitions of modules."""

    module: ModuleInfo  # where the call is written
    line: int
    col: int
    helper: str
    modules: tuple[str, ...]  # what it reads
    package: bool  # every submodule of `modules` too
    group: str | None = None
    key_prefix: tuple[str, ...] = ()
    reshaped: bool = False  # its group (or what a function changes) is not known
    prefix_unknown: bool = False  # a key_prefix= that is not a known value

    @property
    def label(self) -> str:
        """One per call site: the same call seen twice builds one set of copies."""
        what = "checks" if self.checks else "assets"
        return f"{self.module.name}:{what}:{','.join(self.modules)}"

    @property
    def checks(self) -> bool:
        return "check" in self.helper


@dataclass(frozen=True)
class Loaded:
    """One object Dagster loads: the definition, where it is built, how it is reached."""

    origin: ModuleInfo  # the module that builds it
    definition: Definition
    via: str  # the module through which it is reached
    how: str  # AUTOLOADED, BY_HAND, TARGETED, or "copied" for copies
    certain: bool = True
    copy: Copy | None = None  # the call that built this copy; None: the object itself
    rebuilt: bool = False  # under a DefsFolderComponent: one object per module reached

    @property
    def original(self) -> tuple[str, int, int]:
        return (self.origin.name, self.definition.line, self.definition.col)

    @cached_property  # asked for at every offer and clash check: made once
    def identity(self) -> tuple[str, int, int, tuple[str, ...], str]:
        """What makes it one object: where it is built (the keys too: one comprehension
        builds several), and the call that copied it or the module that rebuilt it."""
        keys = self.definition.keys
        if self.copy is not None:
            return (*self.original, keys, self.copy.label)
        return (*self.original, keys, self.via if self.rebuilt else "")


@dataclass(frozen=True)
class Clash:
    """Two different loaded objects with one key or name: Dagster refuses the location."""

    later: Loaded
    earlier: Loaded
    category: str
    key: str

    @property
    def is_reload(self) -> bool:
        """A copy colliding with its autoloaded original: a defs module loaded again."""
        return (
            self.later.copy is not None
            and self.later.original == self.earlier.original
            and self.earlier.how == AUTOLOADED
        )


@dataclass(frozen=True)
class Unseen:
    """What loads but cannot be seen statically: where, and what."""

    module: ModuleInfo
    line: int
    what: str


@dataclass(frozen=True)
class Resource:
    """A resource the loaded Definitions objects provide, as `dg list defs` names it."""

    key: str
    type: str | None  # the class's qualified name where it is defined; None: not known
    module: ModuleInfo  # where it is given
    line: int
    col: int


class LoadModel:
    """What Dagster loads of one project map. Every rule and `list` read only this.

    `record`: keep each defs module's step (loading.steps), so that the model of an edited
    map built with `previous=` this one walks again only what the edit may change.
    """

    def __init__(
        self, project: ProjectMap, previous: LoadModel | None = None, record: bool = False
    ) -> None:
        self.project = project
        self.location: CodeLocation = self._locate(project)
        #: Each walked-into defs module's step, when recorded.
        self.steps: dict[str, Step] | None = {} if record else None
        #: The map's modules as the model looks them up (noting what each step reads).
        self.modules: Mapping[str, ModuleInfo] = (
            Reads(project.modules) if record else project.modules
        )
        self.walk = Walk(project, self.location.defs_module, self.location.legacy, self.modules)
        self.resolver = Resolver(self.modules)
        self._replays = replays(previous, project, self.location)
        self._offered: list[Loaded] | None = None  # while a step is recorded
        self.replayed = 0  # steps taken as the previous model recorded them
        self.items: list[Loaded] = []
        self._identities: set[tuple[str, int, int, tuple[str, ...], str]] = set()
        self.walked: list[ModuleInfo] = []
        self.skipped: list[tuple[ModuleInfo, Skip]] = []
        self.refused: list[ModuleInfo] = []
        self.contributed: list[tuple[str, tuple[str, ...]]] = []
        self.unseen: list[Unseen] = []
        self.hand_loaded: list[tuple[str, str]] = []
        self.notes: list[str] = []
        if self.location.autoloads or self.location.target is None:
            self._walk()
        self._replays = None  # the previous model's steps are not kept alive by this one
        target = self.location.target
        if target is not None and not self.in_defs(target.name):
            self._by_hand(target)
        self._targets()
        self.resources = self._resources()

    # -- questions the rules ask ----------------------------------------------------------
    @property
    def defs_module(self) -> str | None:
        return self.location.defs_module

    @property
    def autoloads(self) -> bool:
        return self.location.autoloads

    def in_defs(self, module: str) -> bool:
        return self.walk.in_defs(module)

    @property
    def defs_path(self) -> str:
        """`my_project/defs/`: where moved modules go, as a path."""
        return (self.defs_module or "").replace(".", "/") + "/"

    @cached_property
    def _may(self) -> frozenset[tuple[str, int, int]]:
        return frozenset(item.original for item in self.items)

    def may_load(self, module: ModuleInfo, definition: Definition) -> bool:
        """True when the object, or a copy of it, may load: never report it as dropped."""
        return (module.name, definition.line, definition.col) in self._may

    @cached_property
    def _autoloaded(self) -> dict[tuple[str, int, int], Loaded]:
        found: dict[tuple[str, int, int], Loaded] = {}
        for item in self.items:
            if item.how == AUTOLOADED and item.copy is None:
                found.setdefault(item.original, item)
        return found

    def autoloaded(self, module: ModuleInfo, definition: Definition) -> Loaded | None:
        """How the autoloader reaches the object itself (not a copy), if it does."""
        return self._autoloaded.get((module.name, definition.line, definition.col))

    def skip_of(self, module: ModuleInfo) -> Skip | None:
        return self.walk.skipped(module) if self.location.autoloads else None

    @cached_property
    def clashes(self) -> tuple[Clash, ...]:
        """Each key or name that two different certain objects take, in load order (a copy
        is always the later one: its call is what to change)."""
        first: dict[tuple[str, str], Loaded] = {}
        found: list[Clash] = []
        for item in self.items:
            if not item.certain:
                continue
            category = item.definition.category
            for key in self.keys(item):
                earlier = first.setdefault((category, key), item)
                if earlier is item or earlier.identity == item.identity:
                    continue
                if earlier.copy is not None and item.copy is None:
                    found.append(Clash(earlier, item, category, key))  # the copy is "later"
                else:
                    found.append(Clash(item, earlier, category, key))
        return tuple(found)

    @cached_property
    def dependencies(self) -> Dependencies:
        """Each loaded asset's upstream keys as Dagster resolves them, the stubs it makes
        for keys nobody defines, and the inputs nothing produces (loading.deps)."""
        return Dependencies(self)

    @cached_property
    def incomplete(self) -> str | None:
        """The first reason the model may not see every object that loads
        (loading.deps.incompleteness); None: it sees them all."""
        return next((reason.text for reason in incompleteness(self)), None)

    @cached_property
    def failures(self) -> tuple[LoadFailure, ...]:
        """What makes Dagster refuse the location besides clashes: an input no loaded asset
        produces, a job selecting a key nobody defines. Only when the model is complete."""
        return load_failures(self)

    def keys(self, item: Loaded) -> tuple[str, ...]:
        """The keys or names an object takes in Dagster (schedules on imported jobs too)."""
        definition = item.definition
        keys = definition.keys
        if not keys and definition.category == SCHEDULE_OR_SENSOR and definition.job_ref:
            job = self.resolver.qualified(definition.job_ref)
            if job is not None and job[1].name:
                keys = (f"{job[1].name}_schedule",)
        if item.copy is not None and item.copy.prefix_unknown and definition.category == ASSET:
            return ()
        if item.copy is not None and item.copy.key_prefix and definition.category == ASSET:
            keys = tuple("/".join([*item.copy.key_prefix, key]) for key in keys)
        return keys

    def _resources(self) -> tuple[Resource, ...]:
        """The resources given to the Definitions objects Dagster loads (the code location's
        and the walked defs modules' own), each key once. Given where it cannot be told
        whether it loads (a function that is not a @definitions), or under a key that is
        not a constant: `unseen`."""
        found: dict[str, Resource] = {}
        target = self.location.target
        modules = [*self.walked]
        if target is not None and target not in modules:
            modules.append(target)
        for module in modules:
            objects = module.scan.loading.definitions_objects
            functions = {obj.binding for obj in objects if obj.is_function}
            module_level = module is target or any(not obj.is_function for obj in objects)
            for given in module.scan.loading.given_resources:
                if given.scope is None and not module_level:
                    continue  # a Definitions object nothing exposes
                if given.key is None or (given.scope is not None and given.scope not in functions):
                    self.unseen.append(Unseen(module, given.line, "resources given there"))
                    continue
                kind = self._resource_type(module, given)
                found.setdefault(
                    given.key, Resource(given.key, kind, module, given.line, given.col)
                )
        return tuple(sorted(found.values(), key=lambda resource: resource.key))

    def _resource_type(self, module: ModuleInfo, given: GivenResource) -> str | None:
        """The qualified name of the resource's class, when the project defines it."""
        class_ref = given.class_ref
        if given.reference is not None:
            head, _, name = given.reference.rpartition(".")
            bound = self.resolver.resource(head or module.name, name)
            if bound is None or len(bound.class_refs) != 1:
                return None
            class_ref = bound.class_refs[0]
        return self.resolver.class_named(class_ref) if class_ref else None

    @cached_property
    def resources_used(self) -> frozenset[tuple[str, str]]:
        """(module, name) of every resource some `Definitions(resources=...)` names."""
        found: set[tuple[str, str]] = set()
        for module in self.project.modules.values():
            for listed in module.scan.loading.listed:
                if listed.argument != "resources":
                    continue
                found.add((module.name, listed.name))
                origin = self.resolver.imported(module, listed.name)
                if origin is not None:
                    found.add(origin)
                if listed.qualified:
                    head, _, name = listed.qualified.rpartition(".")
                    found.add((head, name))
        return frozenset(found)

    @cached_property
    def resource_classes(self) -> frozenset[str]:
        """Qualified names of the project's classes that are resources or IO managers."""
        bases = {
            f"{module.name}.{name}": refs
            for module in self.project.modules.values()
            for name, refs in module.scan.loading.classes
        }
        found: set[str] = set()
        changed = True
        while changed:
            changed = False
            for name, refs in bases.items():
                if name not in found and any(
                    _is_resource_base(ref) or ref in found for ref in refs
                ):
                    found.add(name)
                    changed = True
        return frozenset(found)

    # -- building ----------------------------------------------------------------------------
    def _locate(self, project: ProjectMap) -> CodeLocation:
        return locate(project)

    def _walk_order(self) -> Iterator[ModuleInfo]:
        """The defs modules to walk into, in Dagster's order."""
        return self.walk.modules()

    def _add(self, item: Loaded) -> bool:
        if self._offered is not None:
            self._offered.append(item)
        if item.certain and item.definition.conditional:  # bound in an `if`, a loop, a `try`
            item = replace(item, certain=False)
        if item.identity in self._identities:
            return False
        self._identities.add(item.identity)
        self.items.append(item)
        return True

    def _walk(self) -> None:
        for module in self._walk_order():
            before = len(self.items)
            step = self._replays.step(module.name) if self._replays is not None else None
            if step is not None:  # unchanged, like all it read: what it added then
                self.replayed += 1
                self.skipped.extend(step.skipped)
                self.refused.extend(step.refused)
                self.walked.extend(step.walked)
                self.unseen.extend(step.unseen)
                for item in step.offered:
                    self._add(item)
            else:
                step = self._step(module)
            if self.steps is not None and step is not None:
                self.steps[module.name] = step
            if self.walked and self.walked[-1] is module:
                labels = tuple(
                    f"{item.definition.kind} {item.definition.label}"
                    for item in self.items[before:]
                    if item.copy is None and item.certain
                )
                self.contributed.append((module.name, labels))

    def _step(self, module: ModuleInfo) -> Step | None:
        """Walk into one defs module; its Step when the model records them."""
        reads = self.modules
        if not isinstance(reads, Reads):
            self._walk_into(module)
            return None
        marks = (len(self.skipped), len(self.refused), len(self.walked), len(self.unseen))
        reads.start(module.name)
        offered = self._offered = []
        try:
            self._walk_into(module)
        finally:
            self._offered = None
        return Step(
            reads.stop(),
            tuple(offered),
            tuple(self.skipped[marks[0]:]),
            tuple(self.refused[marks[1]:]),
            tuple(self.walked[marks[2]:]),
            tuple(self.unseen[marks[3]:]),
        )

    def _walk_into(self, module: ModuleInfo) -> None:
        walk = self.walk
        skip = walk.skipped(module)
        if skip is not None:
            self.skipped.append((module, skip))
            if skip.detail.rpartition(".")[2] == DEFINITIONS_COMPONENT:
                self._maybe_all(module)
            return
        if walk.fails(module):
            self.refused.append(module)
            return
        self.walked.append(module)
        if module.path.endswith("/component.py"):
            self.unseen.append(Unseen(module, 1, "the component this file defines"))
        for line in module.scan.loading.component_instances:
            self.unseen.append(Unseen(module, line, "a @component_instance"))
        self._contribute(module, walk.takeovers(module), walk.rebuilt(module))

    def _contribute(
        self, module: ModuleInfo, takeovers: tuple[Takeover, ...], rebuilt: bool
    ) -> None:
        attributes = list(self.attributes(module))
        if not takeovers:
            for name, origin, definition in attributes:
                self._add(Loaded(origin, definition, module.name, AUTOLOADED, True, None, rebuilt))
            for definition in module.scan.definitions:
                if definition.reloads and definition.binding:
                    copy = _bound_copy(module, definition)
                    self._copies(module, copy, not definition.conditional)
            self._inline(module, (), AUTOLOADED, rebuilt)
            return
        self._inline(module, takeovers, AUTOLOADED, rebuilt)
        contained: set[str] = set()
        for takeover in takeovers:
            if takeover.origin == module.name:
                contained.update(takeover.obj.contains)
            else:
                self._imported_takeover(module, takeover)
        for name, origin, definition in attributes:
            if name in contained:
                self._add(Loaded(origin, definition, module.name, AUTOLOADED, True, None, rebuilt))
        for definition in module.scan.definitions:
            if definition.reloads and definition.binding in contained:
                copy = _bound_copy(module, definition)
                self._copies(module, copy, not definition.conditional)
        for call in module.scan.loading.manual_loads:
            self._copies(module, _call_copy(module, call), False)

    def _imported_takeover(self, module: ModuleInfo, takeover: Takeover) -> None:
        """A Definitions object built elsewhere: its contents are not seen, only guessed."""
        self.unseen.append(
            Unseen(
                module,
                takeover.obj.line,
                f"Definitions object {takeover.obj.binding} imported from {takeover.origin}",
            )
        )
        origin = self.modules.get(takeover.origin)
        if origin is not None:
            self._maybe_all(origin)

    def _maybe_all(self, module: ModuleInfo) -> None:
        """Everything a module holds or copies may load (a takeover seen from elsewhere, a
        DefinitionsComponent's folder): never reported as dropped, never counted."""
        for _, origin, definition in self.attributes(module):
            self._add(Loaded(origin, definition, module.name, AUTOLOADED, False))
        for inline in module.scan.loading.inline:
            self._add(Loaded(module, inline.definition, module.name, AUTOLOADED, False))
        for call in module.scan.loading.manual_loads:
            self._copies(module, _call_copy(module, call), False)

    def _inline(
        self, module: ModuleInfo, takeovers: tuple[Takeover, ...], how: str, rebuilt: bool
    ) -> None:
        """What the module's own Definitions objects build where they list it
        (`Definitions(assets=[dg.AssetSpec("x")])`). Certain in a module-level Definitions
        object or a `@definitions` function; elsewhere (a plain function) it may load."""
        own = {t.obj.binding for t in takeovers if t.origin == module.name and t.obj.is_function}
        objects = any(t.origin == module.name and not t.obj.is_function for t in takeovers)
        for inline in module.scan.loading.inline:
            certain = inline.scope in own or (inline.scope is None and objects)
            self._add(Loaded(module, inline.definition, module.name, how, certain, None, rebuilt))

    def attributes(self, module: ModuleInfo) -> Iterator[tuple[str, ModuleInfo, Definition]]:
        """The definitions among a module's attributes, each with the name that holds it:
        its own, those it imports (through re-export chains and star imports), and the
        items of its flat lists of definitions. `load_*_from_*` lists are not included."""
        for name in self._names(module, set()):
            found = self.resolver.binding(module.name, name)
            if found is not None and not found[1].reloads:
                origin, definition = found
                yield name, origin, definition
                if definition.conditional:  # `if ...: x = A` / `else: x = B`: A, B, or none
                    for other in origin.scan.definitions:
                        if other.binding == definition.binding and other is not definition:
                            if not other.reloads:
                                yield name, origin, replace(other, conditional=True)
        for gathered in module.scan.loading.gathered:
            if gathered.collected:
                yield gathered.binding, module, gathered.definition

    def _names(self, module: ModuleInfo, seen: set[str]) -> Iterator[str]:
        """The module's attribute names: its bindings, imported names, star-imported names."""
        if module.name in seen:
            return
        seen.add(module.name)
        for definition in module.scan.definitions:
            if definition.binding:
                yield definition.binding
        for ref in module.scan.imports:
            if not ref.module_level:
                continue
            if ref.star:
                source = self.modules.get(ref.module)
                if source is not None:
                    yield from (n for n in self._names(source, seen) if not n.startswith("_"))
            else:
                yield from (local for _, local in ref.names)

    def _copies(self, module: ModuleInfo, copy: Copy, certain: bool) -> None:
        """The new objects a `load_*_from_*` call builds from the modules it reads."""
        if not copy.modules:
            self.unseen.append(
                Unseen(module, copy.line, "modules of a load_*_from_* call not known")
            )
        wanted = ASSET_CHECK if copy.checks else ASSET
        for name in copy.modules:
            sources = list(self._modules_under(name, copy.package))
            if not sources:
                self.unseen.append(
                    Unseen(module, copy.line, f"{name} is not a module of the project")
                )
            for source in sources:
                for _, origin, definition in self.attributes(source):
                    if definition.category == wanted:
                        self._add(
                            Loaded(origin, definition, module.name, "copied", certain, copy)
                        )

    def _modules_under(self, name: str, package: bool) -> Iterator[ModuleInfo]:
        """The module `name` (and its submodules): only the modules found are read."""
        modules = self.modules
        names = modules.names() if isinstance(modules, Reads) else modules.keys()
        for found in names:
            if found == name or (package and within(found, name)):
                yield modules[found]

    def _by_hand(self, target: ModuleInfo) -> None:
        """What the code location passes to `Definitions(...)` itself."""
        loading = target.scan.loading
        if not loading.definitions_objects:
            if not target.scan.loader_calls:
                for _, origin, definition in self.attributes(target):
                    self._add(Loaded(origin, definition, target.name, BY_HAND))
                for definition in target.scan.definitions:
                    if definition.reloads and definition.binding:
                        copy = _bound_copy(target, definition)
                        self._copies(target, copy, not definition.conditional)
            self._inline(target, (), BY_HAND, False)
            return
        for listed in loading.listed:
            if listed.argument == "resources":
                continue
            found = (
                self.resolver.qualified(listed.qualified)
                if listed.qualified
                else self.resolver.binding(target.name, listed.name)
            )
            if found is None:
                self.hand_loaded.append((listed.name, "not a project definition"))
                self.unseen.append(
                    Unseen(target, listed.line, f"{listed.name}, passed by hand, not followed")
                )
                continue
            origin, definition = found
            self.hand_loaded.append((listed.name, f"{origin.name}.{definition.binding}"))
            if definition.reloads:
                self._copies(origin, _bound_copy(origin, definition), not definition.conditional)
            elif listed.wrapper:  # `with_source_code_references([...])`: a new object
                copy = Copy(
                    target, listed.line, listed.col, listed.wrapper, (origin.name,), False,
                    listed.group, reshaped=listed.wrapper == MAPPER and listed.group is None,
                )
                self._add(Loaded(origin, definition, target.name, "copied", True, copy))
            else:
                self._add(Loaded(origin, definition, target.name, BY_HAND))
        self._inline(target, tuple(Takeover(obj, target.name) for obj in
                                   loading.definitions_objects), BY_HAND, False)
        for call in loading.manual_loads:
            names = (*call.modules, *call.packages)
            self.hand_loaded.append((f"{call.helper}(...)", ", ".join(names)))
            if call.helper.startswith("load_definitions_"):
                for name in names:  # the same objects, not copies
                    for source in self._modules_under(name, name in call.packages):
                        for _, origin, definition in self.attributes(source):
                            self._add(Loaded(origin, definition, target.name, BY_HAND))
                continue
            self._copies(target, _call_copy(target, call), True)

    def _targets(self) -> None:
        """The jobs that loaded schedules and sensors target load with them."""
        for item in list(self.items):
            definition = item.definition
            if definition.category != SCHEDULE_OR_SENSOR:
                continue
            ref = definition.details.job_ref or definition.job_ref
            if ref is None:
                continue
            found = self.resolver.qualified(ref)
            if found is not None:  # rebuilt with its schedule under a DefsFolderComponent
                self._add(
                    Loaded(
                        found[0], found[1], item.via, TARGETED, item.certain, None, item.rebuilt
                    )
                )


def _bound_copy(module: ModuleInfo, definition: Definition) -> Copy:
    """The copy a bound `x = load_assets_from_modules([...], group_name=...)` makes."""
    details = definition.details
    names = details.modules
    line, col = definition.line, definition.col
    for call in module.scan.loading.manual_loads:  # where the call itself is written
        if call.line >= line and (*call.modules, *call.packages) == names:
            line, col = call.line, call.col
            break
    unread = details.unresolved_fields()
    return Copy(
        module,
        line,
        col,
        details.helper or "load_assets_from_modules",
        names,
        details.package,
        details.group,
        details.key_prefix,
        reshaped="group" in unread,
        prefix_unknown="key_prefix" in unread,
    )


def _call_copy(module: ModuleInfo, call: ManualLoad) -> Copy:
    """The copy an unbound call makes; a bound call of the same modules keeps its group."""
    names = (*call.modules, *call.packages)
    for definition in module.scan.definitions:
        if definition.reloads and definition.details.modules == names:
            bound = _bound_copy(module, definition)
            return replace(bound, line=call.line, col=call.col, helper=call.helper)
    return Copy(
        module, call.line, call.col, call.helper, names, bool(call.packages), call.group,
        call.key_prefix, reshaped="group_name" in call.unread,
        prefix_unknown="key_prefix" in call.unread,
    )


def _is_resource_base(qualified: str) -> bool:
    head = qualified.partition(".")[0]
    last = qualified.rpartition(".")[2]
    return resource_kind(qualified) is not None or (
        head.startswith("dagster") and last in RESOURCE_BASES
    )
