"""A model built again after an edit replays what it can of the previous one.

Walking one defs module (a step) adds items, skips, refusals and unseen things, reading the
scans of that module and of the modules its names lead to. A step whose modules are all
unchanged since the previous model (the very same ModuleInfo objects) adds exactly what it
added then. So a LoadModel of an edited map, built with `previous=`, replays those steps
and walks again only the others: the edited modules, and the steps that read them.
Everything after the walk (what the code location loads by hand, the jobs schedules
target, clashes, dependencies, failures) is computed again in full.

Pure, like the model: maps in, steps out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ItemsView, Iterator, KeysView, Mapping, ValuesView

from flake8_dgdefs.project_map import ModuleInfo, ProjectMap

if TYPE_CHECKING:  # pragma: no cover
    from flake8_dgdefs.loading.load import Loaded, LoadModel, Unseen
    from flake8_dgdefs.loading.location import CodeLocation
    from flake8_dgdefs.loading.walk import Skip


@dataclass(frozen=True)
class Step:
    """What walking one defs module added to the model, and which modules it read."""

    reads: frozenset[str] | None  # None: every module (it listed a package's submodules)
    offered: tuple[Loaded, ...]  # every item offered to the model, in order
    skipped: tuple[tuple[ModuleInfo, Skip], ...]
    refused: tuple[ModuleInfo, ...]
    walked: tuple[ModuleInfo, ...]
    unseen: tuple[Unseen, ...]


class Reads(Mapping[str, ModuleInfo]):
    """A map's modules that note the names looked up in them: while a step is recorded,
    the step's; between steps, those of the rest of the model (`outside`: what the code
    location loads by hand, the jobs schedules target, keys, dependencies, ...)."""

    def __init__(self, modules: Mapping[str, ModuleInfo]) -> None:
        self._modules = modules
        self._names: set[str] | None = None  # None: no step is being recorded
        self._every = False
        #: The names looked up while no step was recorded.
        self.outside: set[str] = set()
        #: Whether every module was listed while no step was recorded.
        self.outside_every = False

    def start(self, module: str) -> None:
        self._names, self._every = {module}, False

    def stop(self) -> frozenset[str] | None:
        """The names read since `start`; None: every module was listed."""
        names, self._names = self._names, None
        return None if self._every or names is None else frozenset(names)

    def names(self) -> KeysView[str]:
        """The module names, noted as no read: a replayed or focused model is only ever
        built over a map with the same names (steps.changed_modules)."""
        return self._modules.keys()

    def _note(self, name: str) -> None:
        if self._names is not None:
            self._names.add(name)
        else:
            self.outside.add(name)

    def _listed(self) -> None:
        if self._names is not None:
            self._every = True
        else:
            self.outside_every = True

    def __getitem__(self, name: str) -> ModuleInfo:
        self._note(name)
        return self._modules[name]

    def get(  # type: ignore[override]
        self, name: str, default: ModuleInfo | None = None
    ) -> ModuleInfo | None:
        self._note(name)
        return self._modules.get(name, default)

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self._note(name)
        return name in self._modules

    def __iter__(self) -> Iterator[str]:
        self._listed()
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)

    def keys(self) -> KeysView[str]:
        self._listed()
        return self._modules.keys()

    def values(self) -> ValuesView[ModuleInfo]:
        self._listed()
        return self._modules.values()

    def items(self) -> ItemsView[str, ModuleInfo]:
        self._listed()
        return self._modules.items()


@dataclass(frozen=True)
class Replays:
    """The previous model's steps, and the modules changed since."""

    steps: dict[str, Step]
    changed: frozenset[str]

    def step(self, module: str) -> Step | None:
        """The module's step, when neither it nor anything it read changed."""
        step = self.steps.get(module)
        if step is None or step.reads is None or not step.reads.isdisjoint(self.changed):
            return None
        return step


def replays(
    previous: LoadModel | None, project: ProjectMap, location: CodeLocation
) -> Replays | None:
    """What a model of `project` may replay of `previous`: nothing unless `previous`
    recorded its steps, walked the same defs package the same way, and its map differs
    from `project` in scans only."""
    if previous is None or previous.steps is None:
        return None
    walked = (previous.location.defs_module, previous.location.legacy)
    if walked != (location.defs_module, location.legacy):
        return None
    changed = changed_modules(previous.project, project)
    return Replays(previous.steps, changed) if changed is not None else None


def changed_modules(previous: ProjectMap, project: ProjectMap) -> frozenset[str] | None:
    """The modules of `project` that are not `previous`'s very objects; None when the two
    maps differ in more than scans (settings, component files, the modules or their
    paths): then no step can be replayed."""
    settings = (
        "root_module", "configured_defs_module", "defs_module_pinned", "configured_target",
        "component_folders", "component_files",
    )
    if any(getattr(previous, name) != getattr(project, name) for name in settings):
        return None
    before, now = previous.modules, project.modules
    if before.keys() != now.keys():
        return None
    changed = set()
    for name, module in now.items():
        old = before[name]
        if old is not module:
            if (old.path, old.is_package) != (module.path, module.is_package):
                return None
            changed.add(name)
    return frozenset(changed)
