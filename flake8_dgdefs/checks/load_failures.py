"""DGD405, DGD406: what else makes Dagster refuse the code location (the model's failures:
an input nothing produces, a job selecting a key nobody defines), at the asset or job."""

from __future__ import annotations

from typing import Iterator

from flake8_dgdefs.loading import LoadModel
from flake8_dgdefs.loading.deps import INPUT_NOT_PRODUCED
from flake8_dgdefs.loading.wording import input_error, selection_cause, selection_error
from flake8_dgdefs.model import Violation
from flake8_dgdefs.project_map import ModuleInfo
from flake8_dgdefs.rules import DGD405, DGD406


def check_load_failures(model: LoadModel, module: ModuleInfo) -> Iterator[Violation]:
    for failure in model.failures:
        if failure.item.origin.name != module.name:
            continue
        definition = failure.item.definition
        if failure.kind == INPUT_NOT_PRODUCED:
            message = DGD405.format(
                kind=definition.kind,
                name=failure.name,
                input=failure.missing[0],
                error=input_error(failure.missing[0]),
            )
        else:
            message = DGD406.format(
                name=failure.name,
                keys=", ".join(repr(key) for key in failure.missing),
                error=selection_error(failure.name),
                cause=selection_cause(failure.missing),
            )
        yield Violation(definition.line, definition.col, message)
