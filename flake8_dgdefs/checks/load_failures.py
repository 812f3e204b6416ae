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
    if not _may_fail(module):  # the model's whole-project pass is not worth it (editors)
        return
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


def _may_fail(module: ModuleInfo) -> bool:
    """Whether the module defines something a failure can be reported at: an asset with
    inputs (`inputs`, a multi-asset's `per_key`) or a job with a literal `selection`."""
    loading = module.scan.loading
    definitions = [
        *module.scan.definitions,
        *(gathered.definition for gathered in loading.gathered),
        *(inline.definition for inline in loading.inline),
    ]
    return any(
        d.details.inputs or d.details.per_key is not None or d.details.selection is not None
        for d in definitions
    )
