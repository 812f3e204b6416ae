"""The server: the project's Sessions in memory, kept current by file-system events.

Threads: the main one accepts connections (one thread per connection answers it); a
watcher (watchfiles) turns relevant events into a new *generation*; a builder rebuilds
the maps of the new generation at once, so that the editor's request after a save
usually finds them ready. A rebuild is a whole new Session per set of options, built from
the scan cache (which scans again only the files whose size or mtime changed): the same
code path as the plugin's own, so the same lines. While the watcher is down (it failed,
or events may have been lost), every request rebuilds: slower, never stale.

A request is data: paths and the editor's buffer are read and parsed (`ast`), never run.
Files outside the served folder, or of a project whose folder is outside it, are refused
("not served here"): the plugin lints those itself.
"""

from __future__ import annotations

import ast
import collections
import contextlib
import gc
import os
import select
import signal
import socket
import sys
import threading
import time
from typing import Any, Callable, Iterable, Tuple

from flake8_dgdefs import cache_folder, discovery, layout
from flake8_dgdefs.cache import CacheSettings
from flake8_dgdefs.discovery import Overrides
from flake8_dgdefs.plugin import config_reports
from flake8_dgdefs.server import protocol
from flake8_dgdefs.session import Session

#: Seconds without a request before the server stops by itself (0: never).
DEFAULT_IDLE = 1800.0
#: Sets of options (sessions) kept at once; the least recently used is dropped.
MAX_SESSIONS = 4
#: Connections answered at once; more get "busy".
MAX_CONNECTIONS = 32
#: Seconds a client may take to send its request.
READ_TIMEOUT = 10.0
#: Seconds to wait for the watcher to start before giving up on it.
WATCH_START_TIMEOUT = 120.0
#: Folders whose content never changes the findings.
IGNORED_FOLDERS = ("__pycache__", "node_modules")
#: File names that change what the project is, besides modules and folders.
RELEVANT_NAMES = frozenset(
    (*layout.SETTINGS_FILES, *layout.PROJECT_MARKERS, *layout.COMPONENT_FILES)
)
#: Deleted files of these kinds change nothing (any other deletion may be a folder's).
IRRELEVANT_SUFFIXES = (
    ".pyc", ".pyo", ".swp", ".swo", ".swx", "~", ".tmp", ".log", ".txt", ".md", ".rst",
    ".json", ".lock", ".orig", ".bak",
)
#: Events whose basenames `status` remembers (tests wait for a marker file this way).
RECENT = 4096

#: What makes two requests' results differ: overrides, cache settings, require-autoload.
Key = Tuple[Overrides, CacheSettings, bool]


class ServeError(Exception):
    """Why the server cannot start (str(): one line)."""


class BadRequest(ValueError):
    """A request the server refuses (str(): the error reply)."""


def project_folder(path: str) -> str:
    """The folder a server for `path` serves: the nearest at or above it holding dg.toml,
    pyproject.toml, setup.py, setup.cfg or .git (as the plugin's search for a project)."""
    folder = os.path.abspath(path)
    if not os.path.isdir(folder):
        if not os.path.exists(folder):
            raise ServeError(f"{path}: no such file or folder")
        folder = os.path.dirname(folder)
    start = folder
    markers = (*layout.SETTINGS_FILES, *layout.PROJECT_MARKERS)
    while not any(os.path.exists(os.path.join(folder, name)) for name in markers):
        parent = os.path.dirname(folder)
        if parent == folder:
            raise ServeError(f"{start}: no project here (no {discovery.markers_text()} above)")
        folder = parent
    return folder


def below(path: str, folder: str) -> bool:
    return path == folder or path.startswith(os.path.join(folder, ""))


def prepare_private_folder(folder: str) -> None:
    """Create the cache folder (with its .gitignore and CACHEDIR.TAG, as the scan cache
    does) and in it the owner-only `server-<uid>` folder; refuse one that is not ours."""
    parent = os.path.dirname(folder)
    try:
        cache_folder.prepare(parent)
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)
        info = os.lstat(folder)
    except OSError as exc:
        raise ServeError(f"{folder}: cannot be created ({exc.strerror})") from None
    if not os.path.isdir(folder) or os.path.islink(folder) or info.st_uid != os.getuid():
        raise ServeError(f"{folder}: not a folder of this user; remove it")
    if info.st_mode & 0o777 != 0o700:
        try:
            os.chmod(folder, 0o700)
        except OSError as exc:
            raise ServeError(f"{folder}: cannot be made private ({exc.strerror})") from None


def request_key(request: dict[str, Any]) -> Key:
    """The session key of a request's options; BadRequest when they are not as sent by
    the plugin."""
    options = request.get("options")
    if not isinstance(options, dict):
        raise BadRequest("bad request: options missing")
    modules = []
    for name in ("root_module", "defs_module"):
        value = options.get(name)
        if value is not None and not (isinstance(value, str) and len(value) < 4096):
            raise BadRequest(f"bad request: {name} must be a string")
        modules.append(value)
    require = options.get("require")
    if not isinstance(require, bool):
        raise BadRequest("bad request: require must be true or false")
    directory = options.get("cache_dir")
    if directory is not None and not (isinstance(directory, str) and os.path.isabs(directory)):
        raise BadRequest("bad request: cache_dir must be an absolute path")
    return Overrides(modules[0], modules[1]), CacheSettings(True, directory), require


def _string(request: dict[str, Any], name: str) -> str:
    value = request.get(name)
    if not isinstance(value, str) or "\0" in value:
        raise BadRequest(f"bad request: {name} must be a string")
    return value


def _memory_kib(field: str) -> int | None:
    """VmRSS (resident now) or VmHWM (peak) of this process, where /proc tells."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


class Server:
    def __init__(self, directory: str, socket_path: str, key: Key, idle: float) -> None:
        self.directory = directory
        self.socket_path = socket_path
        self.key = key
        self.idle = idle
        self.generation = 0  # bumped by each relevant batch of events
        self.built = -1  # the generation the sessions were made for
        self.sessions: collections.OrderedDict[Key, Session] = collections.OrderedDict()
        #: Per key: project folder -> a file of it, to build that map again after a change.
        self.touched: dict[Key, dict[str, str]] = {}
        #: Sessions used only to find projects and configuration errors (`prepare`).
        self.finders: dict[Key, Session] = {}
        self.finders_generation = -1
        self.work = threading.Lock()  # map builds and lints, one at a time
        self.finding = threading.Lock()
        self.kick = threading.Event()
        self.stopping = threading.Event()
        self.watch_ready = threading.Event()
        self.watching = False
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.recent: collections.deque[str] = collections.deque(maxlen=RECENT)
        self.requests = 0
        self.ops: collections.Counter[str] = collections.Counter()  # answered, per op
        self.last_request = time.monotonic()
        self.wake_read, self.wake_write = os.pipe()
        self.ignored = [
            folder
            for folder in {
                os.path.dirname(os.path.dirname(socket_path)),
                os.path.dirname(socket_path),
            }
        ]

    # -- watching ------------------------------------------------------------------------
    def watch(self) -> None:
        """The watcher thread: relevant events make a new generation. When watchfiles
        fails, the generation changes (rescan everything) and it starts again."""
        import watchfiles

        delay = 0.5
        restarted = False
        while not self.stopping.is_set():
            try:
                for changes in watchfiles.watch(
                    self.directory,
                    watch_filter=None,
                    debounce=1600,
                    step=50,
                    stop_event=self.stopping,
                    rust_timeout=500,
                    yield_on_timeout=True,
                    raise_interrupt=False,
                    ignore_permission_denied=True,
                ):
                    if not self.watching:
                        self.watching = True
                        self.watch_ready.set()
                        if restarted:  # what happened while not watching: rescan
                            self.changed()
                    if changes:
                        self.events(changes)
                    delay = 0.5
            except Exception as exc:  # noqa: BLE001 - any watcher failure: rescan, retry
                self.watching = False
                restarted = True
                self.log(f"file watcher failed ({type(exc).__name__}: {exc}); rescanning")
                self.changed()
                self.stopping.wait(delay)
                delay = min(delay * 2, 30.0)
            else:
                break

    def events(self, changes: Iterable[tuple[Any, str]]) -> None:
        relevant = False
        names = []
        for change, path in changes:
            names.append(os.path.basename(path))
            if not relevant and self.relevant(int(change), path):
                relevant = True
        if relevant:
            self.changed()
        self.recent.extend(names)  # after the generation: a marker seen means handled

    def relevant(self, change: int, path: str) -> bool:
        """Whether an event can change any finding (watchfiles: 1 added, 2 modified,
        3 deleted). Unsure means yes: a needless rebuild costs time, not correctness."""
        if not below(path, self.directory) or any(below(path, f) for f in self.ignored):
            return False
        parts = os.path.relpath(path, self.directory).split(os.sep)
        if any(p.startswith(".") or p in IGNORED_FOLDERS for p in parts[:-1]):
            return False
        name = parts[-1]
        if name in RELEVANT_NAMES:
            return True
        if name.startswith("."):
            return False
        if name.endswith(".py"):
            return True
        if change == 3:  # deleted: a folder, perhaps, whatever its name
            return not name.endswith(IRRELEVANT_SUFFIXES)
        return os.path.isdir(path)

    def changed(self) -> None:
        self.generation += 1
        self.kick.set()

    def build(self) -> None:
        """The builder thread: the new generation's maps, as soon as it exists."""
        while not self.stopping.is_set():
            self.kick.wait()
            self.kick.clear()
            if self.stopping.is_set():
                break
            with self.work:
                if self.watching:
                    self.refresh()

    # -- the sessions --------------------------------------------------------------------
    def refresh(self) -> None:
        """With `work` held: new Sessions if the tree changed (or is not watched), and
        the maps of the projects linted so far. Each new Session succeeds the old one:
        it takes the modules of unchanged files and replays the model's steps."""
        if self.built == self.generation and self.watching:
            return
        generation = self.generation
        gc.unfreeze()  # the old maps were frozen (Session.project_map): let them go
        self.sessions = collections.OrderedDict(
            (key, session.successor()) for key, session in self.sessions.items()
        )
        self.built = generation
        for key, session in self.sessions.items():
            for path in list(self.touched.get(key, {}).values()):
                self.build_map(session, path)
            session.earlier.clear()  # a project whose settings changed took nothing

    def build_map(self, session: Session, path: str) -> None:
        """The map and model of `path`'s project, and the summary its buffers' models are
        focused from: built now, not at the next request."""
        project = session.project_for(path)
        if project is not None:
            session.summary_of(project)

    @staticmethod
    def new_session(key: Key) -> Session:
        overrides, cache, require = key
        return Session(overrides, cache=cache, require=require, incremental=True)

    def session(self, key: Key) -> Session:
        """With `work` held: the current Session for these options."""
        session = self.sessions.get(key)
        if session is None:
            session = self.sessions[key] = self.new_session(key)
            while len(self.sessions) > MAX_SESSIONS:
                dropped, _ = self.sessions.popitem(last=False)
                self.touched.pop(dropped, None)
        self.sessions.move_to_end(key)
        return session

    def finder(self, key: Key) -> Session:
        """With `finding` held: a Session of this generation to find projects with."""
        if self.finders_generation != self.generation or not self.watching:
            self.finders = {}
            self.finders_generation = self.generation
        if key not in self.finders:
            if len(self.finders) >= MAX_SESSIONS:
                self.finders.clear()
            self.finders[key] = self.new_session(key)
        return self.finders[key]

    def owned(self, session: Session, path: str) -> bool:
        """A file this server answers for: below its folder, and so is its project (the
        folder still holds a project marker, so the search stops inside it)."""
        if not below(path, self.directory):
            return False
        markers = (*layout.SETTINGS_FILES, *layout.PROJECT_MARKERS)
        if not any(os.path.exists(os.path.join(self.directory, m)) for m in markers):
            return False
        project = session.project_for(path)
        if project is not None:
            return below(project.directory, self.directory)
        error = session.config_error(path)
        if error is not None and error.directory is not None:
            return below(error.directory, self.directory)
        return True

    # -- requests ------------------------------------------------------------------------
    def dispatch(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        if request.get("protocol") != protocol.PROTOCOL:
            raise BadRequest(f"protocol {request.get('protocol')!r} is not {protocol.PROTOCOL}")
        if op == "status":
            return self.status(request)
        if op == "stop":
            self.stopping.set()
            self.wake()
            return {"stopping": True}
        if not protocol.same_build(request):
            raise BadRequest("another release or build of flake8-dgdefs")
        if op == "prepare":
            return self.prepare(request)
        if op == "lint":
            return self.lint(request)
        raise BadRequest(f"unknown op {op!r}")

    def status(self, request: dict[str, Any]) -> dict[str, Any]:
        marker = request.get("marker")
        return {
            "pid": os.getpid(),
            "directory": self.directory,
            "generation": self.generation,
            "built": self.built,
            "watching": self.watching,
            "requests": self.requests,
            "answered": dict(self.ops),
            "rss_kib": _memory_kib("VmRSS"),
            "peak_rss_kib": _memory_kib("VmHWM"),
            "seen": isinstance(marker, str) and marker in self.recent,
        }

    def prepare(self, request: dict[str, Any]) -> dict[str, Any]:
        """The configuration error lines of a run's files (plugin.config_reports)."""
        key = request_key(request)
        cwd = _string(request, "cwd")
        files = request.get("files")
        if not os.path.isabs(cwd) or not isinstance(files, list) or not all(
            isinstance(name, str) and "\0" not in name for name in files
        ):
            raise BadRequest("bad request: cwd must be absolute, files a list of names")
        with self.finding:
            session = self.finder(key)
            for name in files:
                if not self.owned(session, os.path.normpath(os.path.join(cwd, name))):
                    raise BadRequest(f"not served here: {name}")
            return {"reports": config_reports(session, files, cwd)}

    def lint(self, request: dict[str, Any]) -> dict[str, Any]:
        """One file's findings, as Session.lint gives them to the plugin."""
        key = request_key(request)
        cwd = _string(request, "cwd")
        name = _string(request, "file")
        text = _string(request, "text")
        from_disk = request.get("from_disk")
        if not os.path.isabs(cwd) or not isinstance(from_disk, bool):
            raise BadRequest("bad request: cwd must be absolute, from_disk true or false")
        path = os.path.normpath(os.path.join(cwd, name))
        with self.work:
            self.refresh()
            session = self.session(key)
            if not self.owned(session, path):
                raise BadRequest(f"not served here: {name}")
            project = session.project_for(path)
            tree: ast.AST | None = None
            if not (from_disk and project is not None and session.unchanged(project, path)):
                try:
                    tree = ast.parse(text)
                except (SyntaxError, ValueError, RecursionError, MemoryError):
                    raise BadRequest("the text does not parse") from None
            violations = session.lint(path, tree, from_disk)
            if project is not None:
                self.touched.setdefault(key, {}).setdefault(project.directory, path)
        return {"violations": [[v.line, v.col, v.message] for v in violations]}

    def answer(self, conn: socket.socket) -> None:
        """One connection: a request in, a reply out (an error reply for a bad one)."""
        try:
            with conn:
                conn.settimeout(READ_TIMEOUT)
                if not protocol.peer_is_us(conn):
                    return
                try:
                    request = protocol.read_message(conn)
                    self.requests += 1
                    self.last_request = time.monotonic()
                    reply = {"ok": True, **self.dispatch(request)}
                    self.ops[str(request.get("op"))] += 1
                except (protocol.MessageError, BadRequest) as exc:
                    reply = {"ok": False, "error": str(exc)}
                except (OSError, socket.timeout):
                    return
                except Exception as exc:  # noqa: BLE001 - a bug must not stop the server
                    self.log(f"internal error: {type(exc).__name__}: {exc}")
                    reply = {"ok": False, "error": f"internal error: {type(exc).__name__}"}
                conn.sendall(protocol.encode({**protocol.header(), **reply}))
        except OSError:
            pass
        finally:
            self.last_request = time.monotonic()
            self.slots.release()

    # -- running -------------------------------------------------------------------------
    def wake(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self.wake_write, b"x")

    def log(self, message: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            print(f"flake8-dgdefs serve: {message}", file=sys.stderr, flush=True)

    def start(self) -> None:
        """Watch, then build the served project's map: nothing changed in between is
        missed."""
        try:
            import watchfiles  # noqa: F401
        except ImportError:
            raise ServeError(
                "serve needs watchfiles: pip install 'flake8-dgdefs[server]'"
            ) from None
        threading.Thread(target=self.watch, name="watch", daemon=True).start()
        if not self.watch_ready.wait(WATCH_START_TIMEOUT) and not self.watching:
            self.log("the file watcher did not start; every request rescans")
        threading.Thread(target=self.build, name="build", daemon=True).start()
        with self.work:
            self.refresh()
            session = self.session(self.key)
            probe = os.path.join(self.directory, "_.py")
            try:
                project = discovery.find_project(probe, self.key[0])
            except discovery.ConfigError:
                project = None
            if project is not None:
                self.touched.setdefault(self.key, {})[project.directory] = probe
                self.build_map(session, probe)

    def serve_forever(self, listener: socket.socket) -> None:
        listener.setblocking(False)
        listening = listener.fileno()
        while not self.stopping.is_set():
            timeout = None
            if self.idle > 0:
                timeout = max(0.05, self.last_request + self.idle - time.monotonic())
            try:
                ready, _, _ = select.select([listening, self.wake_read], [], [], timeout)
            except InterruptedError:  # pragma: no cover - PEP 475 retries
                continue
            if self.wake_read in ready:
                with contextlib.suppress(OSError):
                    os.read(self.wake_read, 512)
            if listening in ready:
                try:
                    conn, _ = listener.accept()
                except (BlockingIOError, InterruptedError):
                    conn = None
                if conn is not None:
                    conn.setblocking(True)
                    if self.slots.acquire(blocking=False):
                        threading.Thread(target=self.answer, args=(conn,), daemon=True).start()
                    else:
                        self.busy(conn)
            if self.idle > 0 and time.monotonic() - self.last_request > self.idle:
                self.log(f"idle for {self.idle:g} s, stopping")
                break
        self.stopping.set()
        self.kick.set()

    def busy(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            conn.sendall(protocol.encode({**protocol.header(), "ok": False, "error": "busy"}))


def run(
    directory: str,
    key: Key,
    idle: float = DEFAULT_IDLE,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve `directory` until stopped; `ready(socket path)` once clients can connect.
    ServeError when it cannot start."""
    if not protocol.supported():
        raise ServeError("serve needs Unix sockets; not supported on this platform")
    path = protocol.socket_path(directory, key[1].directory)
    folder = os.path.dirname(path)
    prepare_private_folder(folder)
    lock = _lock(path[: -len(".sock")] + ".lock", directory)
    try:
        server = Server(directory, path, key, idle)
        server.start()
        listener = _listen(path)
        bound = os.stat(path).st_ino

        def stop(*_: object) -> None:
            server.stopping.set()
            server.wake()

        previous = {
            sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
        }
        try:
            if ready is not None:
                ready(path)
            server.serve_forever(listener)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            listener.close()
            with contextlib.suppress(OSError):
                if os.stat(path).st_ino == bound:
                    os.unlink(path)
    finally:
        os.close(lock)


def _lock(path: str, directory: str) -> int:
    """Hold the server's lock file: one server per project and cache folder."""
    import fcntl

    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise ServeError(f"{path}: cannot be created ({exc.strerror})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise ServeError(f"a server for {directory} is already running") from None
    return fd


def _listen(path: str) -> socket.socket:
    """Bind the socket (the lock is ours: a file left there is a dead server's)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    folder_fd = None
    try:
        target, folder_fd = protocol.address(path)
        old_umask = os.umask(0o177)
        try:
            listener.bind(target)
        finally:
            os.umask(old_umask)
        listener.listen(64)
    except (OSError, ValueError) as exc:
        listener.close()
        raise ServeError(f"{path}: cannot listen ({exc})") from None
    finally:
        if folder_fd is not None:
            os.close(folder_fd)
    return listener
