"""What Dagster loads: the one model every rule and `flake8-dgdefs list` read.

`location` finds the code location and the autoloader call it reaches, `resolver` follows
names across modules, `walk` is Dagster's walk of the defs package, `load` builds the model
(every loaded object once, certain or possible, and the clashes), `wording` says a clash as
Dagster does. Pure: a ProjectMap in, a LoadModel out.
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


def model_of(project: ProjectMap) -> LoadModel:
    """The load model of a map, built once per map object."""
    model = _MODELS.get(project)
    if model is None:
        model = _MODELS[project] = LoadModel(project)
    return model
