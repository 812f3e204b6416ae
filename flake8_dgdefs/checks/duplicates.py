"""DGD401-DGD404: two different loaded objects with one key or name, across the project."""

from __future__ import annotations

from typing import Iterator

from flake8_dgdefs.loading import LoadModel, Loaded
from flake8_dgdefs.loading.wording import clash_error
from flake8_dgdefs.model import ASSET, ASSET_CHECK, JOB, SCHEDULE_OR_SENSOR, Violation
from flake8_dgdefs.project_map import ModuleInfo
from flake8_dgdefs.rules import DGD401, DGD402, DGD403, DGD404

RULE_OF = {ASSET: DGD401, JOB: DGD402, SCHEDULE_OR_SENSOR: DGD403, ASSET_CHECK: DGD404}


def check_duplicates(model: LoadModel, module: ModuleInfo) -> Iterator[Violation]:
    """Each clash at the later object: its definition, or the call that made the copy.
    A defs module's own copies loaded again are DGD202's."""
    reported: set[tuple[int, int]] = set()
    for clash in model.clashes:
        if clash.category not in RULE_OF or (clash.is_reload and model.autoloads):
            continue
        later, earlier = clash.later, clash.earlier
        line, col = _site(later)
        if _site_module(later) != module.name or (later.copy and (line, col) in reported):
            continue  # one line per call that copies
        reported.add((line, col))
        definition = later.definition
        other = earlier.definition
        what = f"{_kind(earlier)} '{other.binding or other.label}'"
        if later.original == earlier.original:
            what = f"the same {what} as rebuilt for {earlier.via} (DefsFolderComponent)"
        yield Violation(
            line,
            col,
            RULE_OF[clash.category].format(
                key=clash.key,
                kind=_kind(later),
                name=definition.binding or definition.label,
                other=what,
                where=_where(earlier),
                error=clash_error(clash),
            ),
        )


def _site(item: Loaded) -> tuple[int, int]:
    if item.copy is not None:
        return item.copy.line, item.copy.col
    return item.definition.line, item.definition.col


def _site_module(item: Loaded) -> str:
    return item.copy.module.name if item.copy is not None else item.origin.name


def _kind(item: Loaded) -> str:
    if item.copy is not None:
        return f"the {item.copy.helper} copy of {item.definition.kind}"
    return item.definition.kind


def _where(item: Loaded) -> str:
    if item.copy is not None:
        return f"{item.copy.module.path}:{item.copy.line}"
    return f"{item.origin.path}:{item.definition.line}"
