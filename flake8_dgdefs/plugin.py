"""The flake8 adapter: options in, one file's violations out. The work is in Session.

A configuration error (a broken `pyproject.toml` / `dg.toml`, an option naming no module)
is a finding too, DGD001-DGD003, reported once per project and run: on line 1 of the first
file of that project flake8 will check, chosen before the `--jobs` workers fork (and the
same in every worker, since the choice depends only on the options and the disk).
"""

from __future__ import annotations

import ast
import importlib
import os
import re
import sys
from typing import Any, ClassVar, Iterable, Iterator

from flake8_dgdefs import __version__
from flake8_dgdefs.cache import CacheSettings
from flake8_dgdefs.discovery import ConfigError, Overrides
from flake8_dgdefs.rules import RULES_BY_CODE
from flake8_dgdefs.session import Session

#: A line that makes flake8 skip a whole file (flake8's own `defaults.NOQA_FILE`).
NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.I)


class DgDefsChecker:
    """flake8 calls this once per file, in each worker process."""

    name = "flake8-dgdefs"
    version = __version__
    session: ClassVar[Session] = Session()
    from_disk: ClassVar[bool] = True  # False when flake8 reads the file from stdin
    #: File name as flake8 gives it -> the configuration error line to report on it.
    config_reports: ClassVar[dict[str, str]] = {}

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
            "--dg-require-autoload",
            action="store_true",
            parse_from_config=True,
            help="Report every definition outside defs even when the code location does not "
            "call the autoloader yet (default: such a project is not migrating; only "
            "duplicate keys are reported).",
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
        require = bool(getattr(options, "dg_require_autoload", False))
        session = cls.session
        if (overrides, cache, require) != (session.overrides, session.cache, session.require):
            cls.session = Session(overrides, cache=cache, require=require)
        filenames = list(getattr(options, "filenames", None) or [])
        cls.from_disk = "-" not in filenames
        cls.session.prepare(filenames)
        cls.config_reports = config_reports(cls.session, _linted_files(options))
        cls.show_warnings()  # now, before --jobs workers fork with a copy of the list

    @classmethod
    def show_warnings(cls) -> None:
        for warning in cls.session.warnings:
            print(f"flake8-dgdefs: {warning}", file=sys.stderr)
        cls.session.warnings.clear()

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        report = self.config_reports.get(self.filename)
        if report is not None:
            yield 1, 0, report, type(self)
        violations = self.session.lint(self.filename, self.tree, self.from_disk)
        self.show_warnings()
        for violation in violations:
            yield violation.line, violation.col, violation.message, type(self)


def config_reports(session: Session, files: Iterable[str]) -> dict[str, str]:
    """For each project whose settings or options are broken: its first file (in flake8's
    output order) that flake8 will hand to plugins -> the error line to report there."""
    broken: dict[str, tuple[ConfigError, list[str]]] = {}
    for name in files:
        error = session.config_error(name)
        if error is not None:
            key = error.directory or error.source
            broken.setdefault(key, (error, []))[1].append(name)
    reports: dict[str, str] = {}
    for error, names in broken.values():
        for name in sorted(names):
            if _reaches_plugins(name):
                reports[name] = format_error(error)
                break
    return reports


def format_error(error: ConfigError) -> str:
    """The flake8 message of a configuration error: code, file or option, reason."""
    source = error.source
    if os.path.isabs(source):
        relative = os.path.relpath(source)
        source = source if relative.startswith("..") else relative
    return RULES_BY_CODE[error.code].format(source=source, reason=error.reason)


def _linted_files(options: Any) -> list[str]:
    """The files flake8 will check, as flake8 names them (stdin: its display name)."""
    display = getattr(options, "stdin_display_name", None) or "stdin"
    try:  # flake8's own expansion (flake8 has no type hints: reached through importlib)
        expand_paths = importlib.import_module("flake8.discover_files").expand_paths
        exclude = [*(options.exclude or ()), *(getattr(options, "extend_exclude", None) or ())]
        names = list(
            expand_paths(
                paths=list(getattr(options, "filenames", None) or []),
                stdin_display_name=display,
                filename_patterns=list(getattr(options, "filename", None) or ["*.py"]),
                exclude=exclude,
            )
        )
    except (ImportError, AttributeError, TypeError):  # pragma: no cover - another flake8
        names = [n for n in getattr(options, "filenames", None) or [] if not os.path.isdir(n)]
    return [display if name == "-" else name for name in names]


def _reaches_plugins(name: str) -> bool:
    """False when flake8 will not run plugins on the file: it does not parse (E999), it
    cannot be read (E902), or a `# flake8: noqa` line skips it whole. The editor's buffer
    on stdin (not on disk, or not this text) is taken as it comes."""
    try:
        with open(name, "rb") as handle:
            source = handle.read()
    except OSError:
        return not os.path.exists(name)  # stdin under a display name
    try:
        text = source.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = source.decode("latin-1")
    if any(NOQA_FILE.match(line) for line in text.splitlines()):
        return False
    try:
        ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True
