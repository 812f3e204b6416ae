"""The flake8 adapter: options in, one file's violations out. The work is in Session."""

from __future__ import annotations

import ast
import sys
from typing import Any, ClassVar, Iterator

from flake8_dgdefs import __version__
from flake8_dgdefs.cache import CacheSettings
from flake8_dgdefs.discovery import Overrides
from flake8_dgdefs.session import Session


class DgDefsChecker:
    """flake8 calls this once per file, in each worker process."""

    name = "flake8-dgdefs"
    version = __version__
    session: ClassVar[Session] = Session()
    from_disk: ClassVar[bool] = True  # False when flake8 reads the file from stdin

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
        parser.add_option(
            "--dg-cache-dir",
            parse_from_config=True,
            normalize_paths=True,
            help="Folder of the scan cache (default: $DGDEFS_CACHE_DIR, else .dgdefs_cache "
            "in each project's folder).",
        )
        parser.add_option(
            "--dg-no-cache",
            action="store_true",
            parse_from_config=True,
            help="Scan every module of the project on each run; write no cache.",
        )

    @classmethod
    def parse_options(cls, options: Any) -> None:
        overrides = Overrides(options.dg_root_module or None, options.dg_defs_module or None)
        cache = CacheSettings.from_options(options.dg_no_cache, options.dg_cache_dir or None)
        if overrides != cls.session.overrides or cache != cls.session.cache:
            cls.session = Session(overrides, cache=cache)
        filenames = list(getattr(options, "filenames", None) or [])
        cls.from_disk = "-" not in filenames
        cls.session.prepare(filenames)
        cls.show_warnings()  # now, before --jobs workers fork with a copy of the list

    @classmethod
    def show_warnings(cls) -> None:
        for warning in cls.session.warnings:
            print(f"flake8-dgdefs: {warning}", file=sys.stderr)
        cls.session.warnings.clear()

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        violations = self.session.lint(self.filename, self.tree, self.from_disk)
        self.show_warnings()
        for violation in violations:
            yield violation.line, violation.col, violation.message, type(self)
