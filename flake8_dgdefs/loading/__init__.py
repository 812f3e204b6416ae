"""What Dagster loads: the one model every rule and `flake8-dgdefs list` read.

`location` finds the code location and the autoloader call it reaches, `resolver` follows
names across modules, `walk` is Dagster's walk of the defs package, `load` builds the model
(every loaded object once, certain or possible, and the clashes), `steps` lets the model of
an edited map replay what the edit cannot change, `wording` says a clash as Dagster does.
Pure: a ProjectMap in, a LoadModel out.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from flake8_dgdefs.loading.load import AUTOLOADED, BY_HAND, Clash, Copy, Loaded, LoadModel
from flake8_dgdefs.loading.walk import Skip, Takeover
from flake8_dgdefs.project_map import ProjectMap

__all__ = [
    "AUTOLOADED", "BY_HAND", "Clash", "Copy", "Loaded", "LoadModel", "Skip", "Takeover",
    "model_of",
]

_MODELS: WeakKeyDictionary[ProjectMap, LoadModel] = WeakKeyDictionary()


def model_of(
    project: ProjectMap, previous: LoadModel | None = None, record: bool = False
) -> LoadModel:
    """The load model of a map, built once per map object (`previous`, `record`: see
    LoadModel: they change how fast it is built, never what it says)."""
    model = _MODELS.get(project)
    if model is None:
        model = _MODELS[project] = LoadModel(project, previous, record)
    return model
