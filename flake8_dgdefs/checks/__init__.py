"""The rules: pure functions from a project map to the violations of one module.

Each submodule holds one family of rules; `check_module` is the one entry point.
"""

from __future__ import annotations

from flake8_dgdefs.checks.defs_files import check_defs_file
from flake8_dgdefs.checks.duplicates import check_duplicates
from flake8_dgdefs.checks.outside_defs import check_manual_imports, check_outside_defs
from flake8_dgdefs.checks.root_module import check_root_module
from flake8_dgdefs.model import Violation
from flake8_dgdefs.project_map import ProjectMap

__all__ = ["check_module"]


def check_module(project: ProjectMap, module: str) -> list[Violation]:
    """Every DGD violation of one module, sorted by position."""
    info = project.modules.get(module)
    if info is None or project.defs_module is None or info.scan.error is not None:
        return []
    found = [
        *check_outside_defs(project, info),  # DGD101, DGD102
        *check_manual_imports(project, info),  # DGD201
        *check_root_module(project, info),  # DGD202, DGD203
        *check_defs_file(project, info),  # DGD301-DGD307
        *check_duplicates(project, info),  # DGD401-DGD404
    ]
    return sorted(found, key=lambda violation: (violation.line, violation.col))
