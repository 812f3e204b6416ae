"""The rules of issue 3: what the real loader drops, refuses or loads twice.

Pure functions of the project map (through its `loading` view); `check_loading` is the
one entry point, called by `checks.check_module`.
"""

from __future__ import annotations

from typing import Iterator

from flake8_dgdefs.checks_loading.defs_files import check_defs_file
from flake8_dgdefs.checks_loading.duplicates import check_duplicates
from flake8_dgdefs.checks_loading.root_module import check_root_module
from flake8_dgdefs.model import Violation
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap


def check_loading(project: ProjectMap, module: ModuleInfo) -> Iterator[Violation]:
    """DGD202-203 (root module), DGD301-307 (defs files), DGD401-404 (duplicates)."""
    yield from check_root_module(project, module)
    yield from check_defs_file(project, module)
    yield from check_duplicates(project, module)
