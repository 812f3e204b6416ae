"""The flake8 adapter: options in, one file's violations out. The work is in Session."""

from __future__ import annotations

import ast
import sys
from typing import Any, ClassVar, Iterator

from flake8_dgdefs import __version__
from flake8_dgdefs.discovery import Overrides
from flake8_dgdefs.session import Session


class DgDefsChecker:
    """flake8 calls this once per file, in each worker process."""

    name = "flake8-dgdefs"
    version = __version__
    session: ClassVar[Session] = Session()

    def __init__(self, tree: ast.AST, filename: str) -> None:
        self.tree = tree
        self.filename = filename

    @classmethod
    def add_options(cls, parser: Any) -> None:
        parser.add_option(
            "--dg-root-module",
            parse_from_config=True,
            help="Root package of the Dagster project (default: from dg.toml / pyproject.toml).",
        )
        parser.add_option(
            "--dg-defs-module",
            parse_from_config=True,
            help="Package the autoloader walks (default: <root>.defs or load_defs's argument).",
        )

    @classmethod
    def parse_options(cls, options: Any) -> None:
        overrides = Overrides(options.dg_root_module or None, options.dg_defs_module or None)
        if overrides != cls.session.overrides:
            cls.session = Session(overrides)

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        violations = self.session.lint(self.filename, self.tree)
        for warning in self.session.warnings:
            print(f"flake8-dgdefs: {warning}", file=sys.stderr)
        self.session.warnings.clear()
        for violation in violations:
            yield violation.line, violation.col, violation.message, type(self)
