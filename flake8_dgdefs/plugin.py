"""The flake8 adapter: options in, one file's violations out. The work is in Session.

A configuration error (a broken `pyproject.toml` / `dg.toml`, an option naming no module)
is a finding too, DGD001-DGD003, reported once per project and run: on line 1 of the first
file of that project flake8 will check, chosen before the `--jobs` workers fork (and the
same in every worker, since the choice depends only on the options and the disk).

When a `flake8-dgdefs serve` server holds the project's model (server/), the checker asks
it for each file's lines instead, and falls back to its own Session, silently, when no
server answers. A run on one file (an editor's) first reads the editor's index (index.py):
the model's answer for exactly this text and tree, when it has one. Importing this module
is therefore cheap: the Session and everything it needs (scan, loading, checks, discovery)
are imported only when the checker lints by itself.
"""

from __future__ import annotations

import ast
import importlib
import os
import re
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Iterator

from flake8_dgdefs import __version__, cache_folder, index
from flake8_dgdefs.server import client

if TYPE_CHECKING:
    from flake8_dgdefs.discovery import ConfigError
    from flake8_dgdefs.session import Session

#: A line that makes flake8 skip a whole file (flake8's own `defaults.NOQA_FILE`).
NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.I)


class DgDefsChecker:
    """flake8 calls this once per file, in each worker process."""

    name = "flake8-dgdefs"
    version = __version__
    #: The in-process Session (None until a file is linted without a server).
    session: ClassVar[Session | None] = None
    from_disk: ClassVar[bool] = True  # False when flake8 reads the file from stdin
    #: File name as flake8 gives it -> the configuration error line to report on it.
    config_reports: ClassVar[dict[str, str]] = {}
    #: The options that change findings, as the server gets them.
    settings: ClassVar[dict[str, Any]] = {}
    #: The socket of the server answering for this run's files; None: lint here.
    server: ClassVar[str | None] = None
    #: Where flake8 runs: file names are relative to it.
    cwd: ClassVar[str] = ""
    #: A run on one file: its project's editor index, when all its inputs are unchanged.
    indexed: ClassVar[index.Fresh | None] = None
    #: Whether this run's answers are stored in the editor's index (one file, a cache).
    remember: ClassVar[bool] = False
    #: The settings `session` was made for.
    session_settings: ClassVar[dict[str, Any]] = {}

    def __init__(self, tree: ast.AST, filename: str, lines: list[str] | None = None) -> None:
        self.tree = tree
        self.filename = filename
        self.lines = lines

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
        cls.settings = {
            "root_module": options.dg_root_module or None,
            "defs_module": options.dg_defs_module or None,
            "require": bool(getattr(options, "dg_require_autoload", False)),
            "cache_dir": cache_folder.directory_from(options.dg_cache_dir or None),
            "no_cache": bool(options.dg_no_cache),
        }
        filenames = list(getattr(options, "filenames", None) or [])
        cls.from_disk = "-" not in filenames
        cls.cwd = os.getcwd()
        linted = _linted_files(options)
        cls.server = None if cls.settings["no_cache"] else cls._ask_server(linted)
        cls.indexed, cls.remember = None, False
        if cls.server is not None:
            return
        if len(linted) == 1 and not cls.settings["no_cache"]:
            cls.remember = True
            cls.indexed = index.fresh(cls._path(linted[0]), cls._index_key(), cls._cache_dir())
            if cls.indexed is not None:  # the settings are as they were: no config error
                cls.config_reports = {}
                return  # the Session is made only if the index has no answer (`run`)
        session = cls._session()
        session.prepare(filenames)
        cls.config_reports = config_reports(session, linted)

    @classmethod
    def _path(cls, name: str) -> str:
        return os.path.normpath(os.path.join(cls.cwd, name))

    @classmethod
    def _index_key(cls) -> tuple[object, ...]:
        """What besides the files decides a file's findings: the options, and the folder
        names are relative to."""
        settings = cls.settings
        return (settings["root_module"], settings["defs_module"], settings["require"], cls.cwd)

    @classmethod
    def _cache_dir(cls) -> str | None:
        directory = cls.settings.get("cache_dir")
        return directory if isinstance(directory, str) else None

    @classmethod
    def _ask_server(cls, linted: list[str]) -> str | None:
        """The server of every linted file's project, when it answers; it also gives the
        configuration error lines. None: no server, lint here."""
        path = client.server_for([cls._path(name) for name in linted], cls._cache_dir())
        if path is None:
            return None
        request = {"op": "prepare", "cwd": cls.cwd, "files": linted, **cls._options()}
        reply = client.ask(path, request, client.PREPARE_TIMEOUT)
        reports = reply.get("reports") if reply is not None else None
        if not isinstance(reports, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in reports.items()
        ):
            return None
        cls.config_reports = reports
        return path

    @classmethod
    def _options(cls) -> dict[str, Any]:
        return {"options": {k: v for k, v in cls.settings.items() if k != "no_cache"}}

    @classmethod
    def _session(cls) -> Session:
        """The in-process Session for the current options (imports the linter's modules)."""
        settings = cls.settings
        if cls.session is not None and cls.session_settings == settings:
            return cls.session  # asked per file: only the first call imports and builds
        from flake8_dgdefs.cache import CacheSettings
        from flake8_dgdefs.discovery import Overrides
        from flake8_dgdefs.session import Session

        overrides = Overrides(settings.get("root_module"), settings.get("defs_module"))
        cache = CacheSettings.from_options(
            bool(settings.get("no_cache")), settings.get("cache_dir")
        )
        require = bool(settings.get("require"))
        session = cls.session
        if session is None or (overrides, cache, require) != (
            session.overrides, session.cache, session.require
        ):
            session = cls.session = Session(overrides, cache=cache, require=require)
        cls.session_settings = dict(settings)
        return session

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        found = self._from_server()
        text = self._text() if self.indexed is not None or self.remember else None
        if found is None and self.indexed is not None and text is not None:
            found = self.indexed.findings(self._path(self.filename), text)
        if found is None and self.indexed is not None:  # parse_options left them unread
            type(self).config_reports = config_reports(self._session(), [self.filename])
        report = self.config_reports.get(self.filename)
        if report is not None:
            yield 1, 0, report, type(self)
        if found is None:
            violations = self._session().lint(self.filename, self.tree, self.from_disk)
            found = [(v.line, v.col, v.message) for v in violations]
            if self.remember and text is not None and report is None:
                self._remember(text, found)
        for line, col, message in found:
            yield line, col, message, type(self)

    def _text(self) -> str | None:
        """What flake8 parsed `tree` from (for stdin, the editor's buffer)."""
        return "".join(self.lines) if self.lines is not None else None

    def _remember(self, text: str, found: list[tuple[int, int, str]]) -> None:
        """Store a one-file run's answer in its project's editor index."""
        session = self._session()
        project = session.project_for(self.filename)
        if project is None:
            return
        place = index.Place(project.directory, project.package_dir, project.root_module)
        index.store(
            place, self._path(self.filename), text, self._index_key(), self._cache_dir(), found
        )

    def _from_server(self) -> list[tuple[int, int, str]] | None:
        """This file's findings from the server; None: it did not answer, lint here."""
        if self.server is None:
            return None
        request = {
            "op": "lint",
            "cwd": self.cwd,
            "file": self.filename,
            "from_disk": self.from_disk,
            # What flake8 parsed `tree` from (the editor's buffer, on stdin).
            "text": self._text(),
            **self._options(),
        }
        reply = client.ask(self.server, request, client.LINT_TIMEOUT)
        found = reply.get("violations") if reply is not None else None
        if not isinstance(found, list):
            return None
        lines: list[tuple[int, int, str]] = []
        for item in found:
            if not (
                isinstance(item, list)
                and len(item) == 3
                and type(item[0]) is int
                and type(item[1]) is int
                and isinstance(item[2], str)
            ):
                return None
            lines.append((item[0], item[1], item[2]))
        return lines


def config_reports(
    session: Session, files: Iterable[str], cwd: str | None = None
) -> dict[str, str]:
    """For each project whose settings or options are broken: its first file (in flake8's
    output order) that flake8 will hand to plugins -> the error line to report there.

    `cwd`: the folder the names are relative to (the server's flake8); None: this process's.
    """
    broken: dict[str, tuple[ConfigError, list[tuple[str, str]]]] = {}
    for name in files:
        path = name if cwd is None else os.path.join(cwd, name)
        error = session.config_error(path)
        if error is not None:
            key = error.directory or error.source
            broken.setdefault(key, (error, []))[1].append((name, path))
    reports: dict[str, str] = {}
    for error, names in broken.values():
        for name, path in sorted(names):
            if _reaches_plugins(path):
                reports[name] = format_error(error, cwd)
                break
    return reports


def format_error(error: ConfigError, cwd: str | None = None) -> str:
    """The flake8 message of a configuration error: code, file or option, reason (a file
    below `cwd`, default the current folder, is named relative to it)."""
    from flake8_dgdefs.rules import RULES_BY_CODE

    source = error.source
    if os.path.isabs(source):
        relative = os.path.relpath(source, cwd)
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
