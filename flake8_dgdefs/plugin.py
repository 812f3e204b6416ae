"""The flake8 adapter: options in, one file's violations out. The work is in Session.

A configuration error (a broken `pyproject.toml` / `dg.toml`, an option naming no module)
is a finding too, DGD001-DGD003, reported once per project and run: on line 1 of the first
file of that project flake8 will check (the same in every `--jobs` worker, since the choice
depends only on the options and the disk; it is looked for only once a file of a broken
project comes up, so that a run without one never expands flake8's file list again).

When a `flake8-dgdefs serve` server holds the project's model (server/), the checker asks
it for each file's lines instead, and falls back to its own Session, silently, when no
server answers. Otherwise it first reads the project's index (index.py): the model's
answer for exactly this text and tree, when it has one. A run on one file (an editor's)
looks its text up (and a new text, the stored summary of the disk's model: a model focused
on the file, loading.focus); a run over many files read from disk looks each up by its
stamp, and on a miss the process that builds the model stores every linted file's answer
and the summary for the next run. Importing this module is therefore cheap: the Session
and everything it needs (scan, loading, checks, discovery) are imported only when the
checker lints by itself.
"""

from __future__ import annotations

import ast
import gc
import importlib
import os
import re
import time
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Iterator

from flake8_dgdefs import __version__, cache_folder, index
from flake8_dgdefs.server import client

if TYPE_CHECKING:
    from flake8_dgdefs.discovery import ConfigError, Project
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
    #: File name as flake8 gives it -> the configuration error line to report on it
    #: (None: not looked for yet).
    config_reports: ClassVar[dict[str, str] | None] = None
    #: flake8's options, to expand its file list when it is needed (`_linted`).
    options: ClassVar[Any] = None
    #: The files flake8 will check, as it names them (None: not expanded yet).
    linted: ClassVar[list[str] | None] = None
    #: The options that change findings, as the server gets them.
    settings: ClassVar[dict[str, Any]] = {}
    #: The socket of the server answering for this run's files; None: lint here.
    server: ClassVar[str | None] = None
    #: Where flake8 runs: file names are relative to it.
    cwd: ClassVar[str] = ""
    #: A run on one file: its project's index as the options' walk found it (`fresh` when
    #: all its inputs are unchanged; `before`, that walk's fingerprint, to store with).
    walked: ClassVar[index.State | None] = None
    #: A run on one file: whether its answer is stored in the index (a cache is on).
    remember: ClassVar[bool] = False
    #: A run on many files: each project's index, or the answers stored in it (None: the
    #: cache is off, or a worker met the project first and lints without one).
    answers: ClassVar[dict[Project, index.Fresh | None]] = {}
    #: The process that parsed the options: the only one that stores answers.
    main_pid: ClassVar[int] = 0
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
        cls.options, cls.linted, cls.config_reports = options, None, None
        cls.from_disk = "-" not in filenames
        cls.cwd, cls.main_pid = os.getcwd(), os.getpid()
        cls.walked, cls.remember, cls.answers = None, False, {}
        cached = not cls.settings["no_cache"]
        cls.server = cls._ask_server(filenames) if cached else None
        if cls.server is not None:
            return
        one_file = len(filenames) == 1 and (filenames[0] == "-" or os.path.isfile(filenames[0]))
        if one_file and cached:
            cls.remember = True
            linted = cls._linted()
            if len(linted) == 1:
                cls.walked = index.state(cls._path(linted[0]), cls._index_key(), cls._cache_dir())
            return  # a miss builds the model in `run`, after the tree's fingerprint
        # Before flake8 forks its --jobs workers: they inherit these maps or answers.
        session = cls._session()
        for project in session.projects_of(filenames):
            if cached:
                cls._answers(session, project)
            else:
                session.project_map(project)

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
    def _ask_server(cls, filenames: list[str]) -> str | None:
        """The server of every linted file's project, when it answers; it also gives the
        configuration error lines. None: no server, lint here.

        Asked only when the command line's paths have one (a stat per folder above them):
        flake8's file list is expanded again only then."""
        display = getattr(cls.options, "stdin_display_name", None) or "stdin"
        paths = [cls._path(display if name == "-" else name) for name in filenames]
        probes = [os.path.join(path, "_") if os.path.isdir(path) else path for path in paths]
        if client.server_for(probes, cls._cache_dir()) is None:
            return None
        linted = cls._linted()
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
            session = cls.session = Session(
                overrides, cache=cache, require=require, summarize=cache.enabled
            )
        cls.session_settings = dict(settings)
        return session

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        found = self._from_server()
        report = None
        if found is not None:
            report = (self.config_reports or {}).get(self.filename)
        elif self.walked is not None and self.walked.fresh is not None:
            found = self._from_index(self.walked.fresh)  # as it was: no configuration error
        if found is None:
            found, report = self._lint_paused() if type(self).remember else self._lint()
        if report is not None:
            yield 1, 0, report, type(self)
        for line, col, message in found:
            yield line, col, message, type(self)

    def _from_index(
        self, fresh: index.Fresh, by_text: bool = True
    ) -> list[tuple[int, int, str]] | None:
        """This file's answer in its project's index: by its text (an editor's), else by
        its stamp when flake8 read it from disk."""
        path = self._path(self.filename)
        text = self._text() if by_text else None
        found = fresh.findings(path, text) if text is not None else None
        if found is None and self.from_disk:
            found = fresh.on_disk(path)
        return found

    def _lint_paused(self) -> tuple[list[tuple[int, int, str]], str | None]:
        """`_lint` with the cycle collector paused: an editor's run imports the plugin's
        modules and makes a model, objects that outlive the lint; collecting young garbage
        among them only costs time."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._lint()
        finally:
            if enabled:
                gc.enable()

    def _lint(self) -> tuple[list[tuple[int, int, str]], str | None]:
        """This file's findings and configuration error line, from this process's Session
        (or the answers its project's index holds)."""
        from flake8_dgdefs.discovery import Project

        cls = type(self)
        session = cls._session()
        located = session.locate(self.filename)
        if not isinstance(located, Project):
            return [], None if located is None else cls._config_report(session, self.filename)
        if not cls.remember:  # a run on many files
            fresh = cls._answers(session, located)
            found = self._from_index(fresh, by_text=False) if fresh is not None else None
            if found is not None:
                return found, None
        before = scan = None
        if cls.remember:  # a run on one file
            walked = cls.walked if cls.walked and cls.walked.place == _place(located) else None
            scan = session.scan_digest(self.filename, self.tree)
            if walked is not None and walked.fresh is not None and scan is not None:
                found = walked.fresh.same_scan(self._path(self.filename), scan)
                if found is not None:  # a text the scan reads as a stored one
                    return found, None
                found = self._focused(session, located, walked, scan)
                if found is not None:
                    return found, None
            if located not in session.maps:  # else a map maybe older than `before`
                before = (  # no index yet: the walk is taken now
                    walked.before if walked is not None
                    else index.fingerprint(_place(located), time.time_ns())
                )
        violations = session.lint(self.filename, self.tree, self.from_disk)
        found = [(v.line, v.col, v.message) for v in violations]
        text = self._text()
        if cls.remember and text is not None:
            index.store(
                _place(located), self._path(self.filename), text, cls._index_key(),
                cls._cache_dir(), found, before, scan,
            )
            cls._store_summary(session, located, before)
        return found, None

    def _focused(
        self, session: Session, project: Project, walked: index.State, scan: bytes
    ) -> list[tuple[int, int, str]] | None:
        """This buffer's findings from the stored summary of the disk's model (the tree
        is as it was then), with a model that walks only what the buffer may change
        (loading.focus). None: lint in full."""
        from flake8_dgdefs.loading.focus import Unfocused

        cls = type(self)
        place = _place(project)
        key, directory = cls._index_key(), cls._cache_dir()
        found_summary = index.summary(place, key, directory, walked)
        if found_summary is None:
            return None
        stored, exact = found_summary  # not exact: only this file changed since (saved)
        try:
            violations = session.focused(self.filename, self.tree, stored)
        except (Unfocused, ValueError, TypeError, KeyError, AttributeError):
            return None  # the summary cannot tell, or a damaged file: lint in full
        found = [(v.line, v.col, v.message) for v in violations]
        text = self._text()
        if exact and text is not None:  # made from the summary only: it holds for its tree
            index.store(
                place, self._path(self.filename), text, key, directory, found, walked.before,
                scan, True,
            )
        return found

    @classmethod
    def _store_summary(cls, session: Session, project: Project, before: bytes | None) -> None:
        """Store what focused runs read of the disk map's model, when this process built
        it (Session.summary)."""
        found = session.summary(project) if before is not None else None
        if found is not None:
            index.store_summary(_place(project), cls._index_key(), cls._cache_dir(), found, before)

    @classmethod
    def _answers(cls, session: Session, project: Project) -> index.Fresh | None:
        """The project's index for a run on many files: looked up once per process; on a
        miss, the process that parsed the options builds the model and stores every
        linted file's answer (a forked worker lints without)."""
        if project in cls.answers:
            return cls.answers[project]
        fresh: index.Fresh | None = None
        if not cls.settings["no_cache"]:
            place = _place(project)
            fresh, before = index.look(place, cls._index_key(), cls._cache_dir())
            # A map built before `before` was taken may be older than the disk.
            builds = project not in session.maps and os.getpid() == cls.main_pid
            if fresh is None and builds:
                paths = [
                    cls._path(name)
                    for name in cls._linted()
                    if session.project_for(name) == project
                ]
                found = session.answers(project, paths)
                fresh = index.answers(place, cls._index_key(), cls._cache_dir(), found, before)
                cls._store_summary(session, project, before)
        cls.answers[project] = fresh
        return fresh

    @classmethod
    def _config_report(cls, session: Session, filename: str) -> str | None:
        """The configuration error line to report on this file, if it is the first
        file of its broken project."""
        if cls.config_reports is None:
            cls.config_reports = config_reports(session, cls._linted())
        return cls.config_reports.get(filename)

    @classmethod
    def _linted(cls) -> list[str]:
        if cls.linted is None:
            cls.linted = _linted_files(cls.options)
        return cls.linted

    def _text(self) -> str | None:
        """What flake8 parsed `tree` from (for stdin, the editor's buffer)."""
        return "".join(self.lines) if self.lines is not None else None

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


def _place(project: Project) -> index.Place:
    return index.Place(project.directory, project.package_dir, project.root_module)


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
