"""The model of an edited map, focused on the edited module: what the rules ask about that
module, without walking the whole defs package (an editor's buffer, in a fresh process).

The model of the disk's map, built once with its steps recorded (loading.steps), is
summed up (`Summary`): the defs modules whose step read each module, the steps that give
each key or name to an object, the modules the rest of the model read, the project-wide
sets the rules read, the code location, and reasons the model may not see everything.

For a map that differs from the disk's in one module's scan, `check_focused` builds a
LoadModel that walks only
- the edited module's step and every step that read it (they may change), then
- every step that gives an object a key or name one of those objects takes.
The rules' questions about the edited module read only its objects, the objects sharing
their keys (all walked, in walk order), its walk and the project-wide sets: so the focused
model answers them exactly as the whole model does.

When the summary cannot tell, `Unfocused` is raised and the caller builds the whole
model: the edited module is the code location, or read outside any step (what the code
location loads by hand, a schedule's job, a key, a resource), or gives another module a
constant; or its scan changed in what the project-wide passes read of every module
(loader calls, classes, the resources Definitions name); or a failure is asked for and no
reason the model is incomplete stands apart from the edit. Pure, like the model.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cached_property
from itertools import islice
from typing import Iterator, Mapping, Tuple

from flake8_dgdefs.buckets import Buckets
from flake8_dgdefs.loading.deps import incompleteness
from flake8_dgdefs.loading.load import TARGETED, Loaded, LoadModel
from flake8_dgdefs.loading.location import CodeLocation, locate
from flake8_dgdefs.loading.resolver import Resolver
from flake8_dgdefs.loading.steps import Reads
from flake8_dgdefs.model import SCHEDULE_OR_SENSOR, ModuleScan, Violation
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap

#: Reasons kept that rest on one module (or on the settings): one of them is enough.
REASONS = 4


class Unfocused(Exception):
    """The summary cannot answer for this edit: build the whole model."""


@dataclass(frozen=True)
class Summary:
    """What the model of the disk's map tells a model focused on one edited module."""

    target: str | None  # the code location module
    #: Module -> the defs modules whose step read it (its own step left out).
    readers: Mapping[str, tuple[str, ...]]
    every: tuple[str, ...]  # the steps that listed every module
    #: "category key" (`key_of`) -> the steps giving it to an object (or to a schedule's job).
    keys: Mapping[str, tuple[str, ...]]
    outside: frozenset[str]  # modules read outside any step
    outside_every: bool  # every module listed outside any step
    values: frozenset[str] | None  # modules whose constants others read; None: not known
    resource_classes: frozenset[str]
    resources_used: frozenset[tuple[str, str]]
    #: (reason, the module it rests on; "": the settings) the model may not see everything.
    reasons: tuple[tuple[str, str], ...]

    def plain(self) -> tuple[object, ...]:
        """The summary as plain values (what marshal stores); the two large mappings in
        buckets, so that a focused run reads only those it looks up (`Buckets`)."""
        values = [getattr(self, f.name) for f in fields(self)]
        values[1], values[3] = Buckets.pack(self.readers), Buckets.pack(self.keys)
        return tuple(values)

    @classmethod
    def from_plain(cls, data: object) -> Summary | None:
        """The summary `plain` gave these values for; None when they are not one's."""
        kinds: tuple[type | tuple[type, ...], ...] = (
            (str, type(None)), tuple, tuple, tuple, frozenset, bool, (frozenset, type(None)),
            frozenset, frozenset, tuple,
        )
        if not isinstance(data, tuple) or len(data) != len(kinds):
            return None
        if not all(isinstance(value, kind) for value, kind in zip(data, kinds)):
            return None
        values = list(data)
        values[1] = Buckets[Tuple[str, ...]](data[1])
        values[3] = Buckets[Tuple[str, ...]](data[3])
        return cls(*values)


def key_of(category: str, key: str) -> str:
    """How Summary.keys names a key or name of one category."""
    return f"{category} {key}"


def summarize(model: LoadModel) -> Summary | None:
    """The summary of a model built with `record=True`; None for one built without."""
    reads = model.modules
    if not isinstance(reads, Reads) or model.steps is None:
        return None
    # What the rules ask of the whole project, asked now: their reads are noted.
    resource_classes = model.resource_classes
    resources_used = model.resources_used
    reasons = tuple(
        islice(
            ((r.text, r.rests_on) for r in incompleteness(model) if r.rests_on is not None),
            REASONS,
        )
    )
    readers: dict[str, list[str]] = {}
    every: list[str] = []
    keys: dict[str, list[str]] = {}
    for name, step in model.steps.items():
        if step.reads is None:
            every.append(name)
        else:
            for read in step.reads:
                if read != name:
                    readers.setdefault(read, []).append(name)
        for category, key in _taken(model, step.offered):
            found = keys.setdefault(key_of(category, key), [])
            if not found or found[-1] != name:
                found.append(name)
    target = model.location.target
    return Summary(
        target.name if target is not None else None,
        {name: tuple(steps) for name, steps in readers.items()},
        tuple(every),
        {key: tuple(steps) for key, steps in keys.items()},
        frozenset(reads.outside),
        reads.outside_every,
        value_sources(model.project),
        resource_classes,
        resources_used,
        reasons,
    )


def _taken(model: LoadModel, items: tuple[Loaded, ...] | list[Loaded]
           ) -> Iterator[tuple[str, str]]:
    """(category, key) of each item, and of the job each schedule or sensor targets."""
    for item in items:
        definition = item.definition
        for key in model.keys(item):
            yield definition.category, key
        ref = definition.details.job_ref or definition.job_ref
        if definition.category == SCHEDULE_OR_SENSOR and ref is not None:
            found = model.resolver.qualified(ref)
            if found is not None:
                job = Loaded(found[0], found[1], item.via, TARGETED, item.certain)
                for key in model.keys(job):
                    yield found[1].category, key


def value_sources(project: ProjectMap) -> frozenset[str] | None:
    """The modules whose constants the scans of other modules were given (settled with:
    a change there may change them); None when that cannot be told."""
    reads = Reads(project.modules)
    resolver = Resolver(reads)
    found: set[str] = set()
    for module in project.modules.values():
        if not module.scan.asked:
            continue
        reads.start(module.name)
        for qualified in module.scan.asked:
            resolver.constant(qualified)
        names = reads.stop()
        if names is None:
            return None
        found.update(names - {module.name})
    return frozenset(found)


class FocusedModel(LoadModel):
    """A LoadModel that walks only the `chosen` defs modules, with the project-wide sets
    and the code location from the summary. Exact only for the questions the rules ask
    about the edited module (`check_focused`): it is never anyone else's model."""

    def __init__(
        self,
        project: ProjectMap,
        summary: Summary,
        chosen: frozenset[str],
        redone: frozenset[str],
    ) -> None:
        self.summary = summary
        self.chosen = chosen
        self.redone = redone  # the steps that may differ from the summary's model
        super().__init__(project)

    def _locate(self, project: ProjectMap) -> CodeLocation:
        if self.summary.target is None:
            return CodeLocation(None, (), project.configured_defs_module)
        return locate(project, self.summary.target)

    def _walk_order(self) -> Iterator[ModuleInfo]:
        """The chosen defs modules, in Dagster's order (walk.modules: by path)."""
        modules = self.project.modules
        chosen = [modules[n] for n in self.chosen if n in modules and self.walk.in_defs(n)]
        return iter(sorted(chosen, key=lambda module: tuple(module.path.split("/"))))

    @cached_property
    def resource_classes(self) -> frozenset[str]:
        return self.summary.resource_classes

    @cached_property
    def resources_used(self) -> frozenset[tuple[str, str]]:
        return self.summary.resources_used

    @cached_property
    def incomplete(self) -> str | None:
        """A reason of the summary's model that the edit cannot touch: it holds here."""
        for text, rests_on in self.summary.reasons:
            if rests_on not in self.redone:
                return text
        raise Unfocused("whether the model sees everything")


def check_focused(
    project: ProjectMap,
    summary: Summary,
    name: str,
    before: ModuleInfo,
    require_autoload: bool = False,
) -> list[Violation]:
    """`check_module(project, name)`, where `project` is the summary's map but for the
    module `name` (`before` there). Raises Unfocused when the summary cannot tell."""
    from flake8_dgdefs.checks import check_model

    module = project.modules[name]
    if module.scan.error is not None:
        return []
    why = unfocused(summary, name, before.scan, module.scan)
    if why is not None:
        raise Unfocused(why)
    redone = frozenset((name, *summary.readers.get(name, ()), *summary.every))
    first = FocusedModel(project, summary, redone, redone)
    chosen = set(redone)
    for category, key in _taken(first, first.items):
        chosen.update(summary.keys.get(key_of(category, key), ()))
    model = FocusedModel(project, summary, frozenset(chosen), redone)
    return check_model(model, module, require_autoload)


def unfocused(summary: Summary, name: str, before: ModuleScan, after: ModuleScan) -> str | None:
    """Why an edit of module `name` (its scan `before`, now `after`) needs the whole
    model; None when a focused model answers."""
    if name == summary.target:
        return "the code location"
    if summary.outside_every or name in summary.outside:
        return "read outside the defs walk"
    if summary.values is None or name in summary.values:
        return "its constants are given to other modules"
    if before.error is not None:
        return "did not parse"
    if (
        before.loader_calls != after.loader_calls
        or before.loading.classes != after.loading.classes
        or before.loading.listed != after.loading.listed
    ):
        return "changed what every module is read for"
    return None
