"""The rules: pure functions from the load model to the violations of one module.

Each submodule holds one family of rules; `check_module` is the one entry point. None of
them decides what loads: they read flake8_dgdefs.loading's model.
"""

from __future__ import annotations

from flake8_dgdefs.checks.defs_files import check_defs_file
from flake8_dgdefs.checks.duplicates import check_duplicates
from flake8_dgdefs.checks.load_failures import check_load_failures
from flake8_dgdefs.checks.outside_defs import check_manual_imports, check_outside_defs
from flake8_dgdefs.checks.root_module import check_root_module
from flake8_dgdefs.loading import LoadModel, model_of
from flake8_dgdefs.model import Violation
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap

__all__ = ["check_model", "check_module"]


def check_module(
    project: ProjectMap, module: str, require_autoload: bool = False
) -> list[Violation]:
    """Every DGD violation of one module, sorted by position.

    A project whose code location never calls the autoloader is not migrating: only its
    clashes are reported, unless `require_autoload` asks for every definition outside defs.
    """
    info = project.modules.get(module)
    if info is None or info.scan.error is not None:
        return []
    return check_model(model_of(project), info, require_autoload)


def check_model(
    model: LoadModel, info: ModuleInfo, require_autoload: bool = False
) -> list[Violation]:
    """`check_module` on a model already built: the project's, or one that answers
    exactly the questions the rules ask about `info` (loading.focus)."""
    found = list(check_duplicates(model, info))  # DGD401-DGD404
    found.extend(check_load_failures(model, info))  # DGD405, DGD406
    if model.autoloads:
        found.extend(check_outside_defs(model, info))  # DGD101, DGD102
        found.extend(check_manual_imports(model, info))  # DGD201
        found.extend(check_root_module(model, info))  # DGD202, DGD203
        found.extend(check_defs_file(model, info))  # DGD301-DGD307
    elif require_autoload and model.defs_module is not None:
        found.extend(check_outside_defs(model, info))
    return sorted(found, key=lambda violation: (violation.line, violation.col))
