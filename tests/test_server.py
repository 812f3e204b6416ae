"""`flake8-dgdefs serve`: a real server in a subprocess, real flake8 runs as an editor makes
them (`--stdin-display-name NAME -`, the buffer on stdin), the same lines as without it.

Each test works on its own copy of testdata/guide_before in a short temporary folder
(a Unix socket path must stay short), dated an hour back so that the scan cache trusts
it. Every server started here is stopped by its fixture, whatever the test did.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest

from flake8_dgdefs.server import client, protocol
from tests.helpers import TESTDATA, copy_dated

pytest.importorskip("watchfiles")
if not protocol.supported():  # pragma: no cover - Windows
    pytest.skip("the server needs Unix sockets", allow_module_level=True)

TEMPLATE = TESTDATA / "guide_before"
FLAKE8 = [sys.executable, "-m", "flake8", "--isolated", "--select=DGD"]
SERVE = [sys.executable, "-m", "flake8_dgdefs", "serve"]
#: Seconds a server may take to start, or to see an edit: generous, never asserted on.
PATIENCE = 120.0
DEFINITIONS = "my_existing_project/definitions.py"
DUPLICATE = "\n\n@dg.asset\ndef orders_table() -> None: ...\n"


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DGDEFS_")}
    env.update(PYTHONDONTWRITEBYTECODE="1", **extra)
    return env


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="dgs", dir="/tmp" if os.path.isdir("/tmp") else None))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def copy_project(destination: Path, template: Path = TEMPLATE) -> Path:
    return copy_dated(template, destination / template.name)


@pytest.fixture
def project(short_tmp: Path) -> Path:
    return copy_project(short_tmp)


class Served:
    """A server running in a subprocess, for one project."""

    def __init__(self, project: Path, log: Path, *args: str) -> None:
        self.project = project
        self.log = log
        self.args = args
        self.socket = protocol.socket_path(str(project), None)
        with open(log, "w", encoding="utf-8") as handle:
            self.process = subprocess.Popen(
                [*SERVE, str(project), "--idle", "900", *args],
                stdin=subprocess.DEVNULL,
                stdout=handle,
                stderr=handle,
                env=environment(),
            )
        deadline = time.monotonic() + PATIENCE
        while self.ask({"op": "status"}) is None:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"the server did not start: {log.read_text()}")
            time.sleep(0.05)

    def ask(self, request: dict[str, Any]) -> dict[str, Any] | None:
        return client.ask(self.socket, request, 5.0)

    def status(self, **extra: Any) -> dict[str, Any]:
        reply = self.ask({"op": "status", **extra})
        assert reply is not None, self.log.read_text()
        return reply

    def requests(self) -> int:
        """Lint and prepare requests answered so far."""
        answered = self.status()["answered"]
        return int(answered.get("prepare", 0)) + int(answered.get("lint", 0))

    def answered(self, op: str) -> int:
        return int(self.status()["answered"].get(op, 0))

    def sync(self) -> None:
        """Wait until the server has handled every event of the edits made so far: the
        events of one watcher come in order, so once it saw a marker written after them,
        it saw them."""
        marker = f"sync-{uuid.uuid4().hex}.txt"
        (self.project / marker).write_text("")
        deadline = time.monotonic() + PATIENCE
        while not self.status(marker=marker)["seen"]:
            assert time.monotonic() < deadline, "the server never saw the marker"
            time.sleep(0.02)
        (self.project / marker).unlink()

    def stop(self) -> None:
        if self.process.poll() is None:
            subprocess.run(
                [*SERVE, str(self.project), "--stop", *self.args],
                capture_output=True,
                env=environment(),
                timeout=60,
                check=False,
            )
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
                self.process.kill()
                self.process.wait(30)


@pytest.fixture
def serve(short_tmp: Path) -> Iterator[Any]:
    """Start servers: `serve(project, *args)`; all are stopped at the end of the test."""
    started: list[Served] = []

    def start(project: Path, *args: str) -> Served:
        served = Served(project, short_tmp / f"serve-{len(started)}.log", *args)
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()


def flake8(
    project: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> list[str]:
    result = subprocess.run(
        [*FLAKE8, *args],
        cwd=project,
        input=stdin,
        capture_output=True,
        text=True,
        env=env or environment(),
        timeout=300,
        check=False,
    )
    assert result.stderr == "", result.stderr
    assert result.returncode in (0, 1), result.stdout
    return sorted(result.stdout.splitlines())


def editor(project: Path, name: str, *args: str, buffer: str | None = None) -> list[str]:
    """flake8 as an editor runs it: the buffer (default: the file) on stdin."""
    if buffer is None:
        buffer = (project / name).read_text()
    return flake8(project, *args, "--stdin-display-name", name, "-", stdin=buffer)


def python_files(project: Path) -> list[str]:
    return sorted(str(p.relative_to(project)) for p in project.rglob("*.py"))


# -- the same lines --------------------------------------------------------------------------
def test_editor_runs_give_the_lines_of_the_in_process_path(project: Path, serve: Any) -> None:
    server = serve(project)
    prepared, linted = server.answered("prepare"), server.answered("lint")
    names = python_files(project)
    for name in names:
        served = editor(project, name)
        assert served == editor(project, name, "--dg-no-cache")
        assert served == editor(project, name, f"--dg-cache-dir={project.parent / 'other'}")
    # Every run asked the server; flake8 gives plugins at least every file with code.
    assert server.answered("prepare") == prepared + len(names)
    with_code = [name for name in names if (project / name).read_text().strip()]
    assert server.answered("lint") >= linted + len(with_code)
    lines = editor(project, DEFINITIONS)
    assert len(lines) == 4 and all(": DGD201 " in line for line in lines), lines


def test_whole_tree_and_single_files_through_the_server(project: Path, serve: Any) -> None:
    server = serve(project)
    expected = flake8(project, "--dg-no-cache", ".")
    assert any(": DGD101 " in line for line in expected)
    before = server.requests()
    assert flake8(project, ".") == expected
    assert flake8(project, "--jobs=2", ".") == expected
    assert server.requests() > before + len(python_files(project))
    # From another folder: names relative to it.
    outside = flake8(project.parent, "--dg-no-cache", project.name)
    assert flake8(project.parent, project.name) == outside
    assert outside == sorted(f"{project.name}/{line.removeprefix('./')}" for line in expected)


def test_the_editor_buffer_wins_over_the_disk(project: Path, serve: Any) -> None:
    server = serve(project)
    name = "my_existing_project/analytics/assets.py"
    buffer = (project / name).read_text() + "\n\n@dg.asset\ndef extra_asset() -> None: ...\n"
    before = server.requests()
    served = editor(project, name, buffer=buffer)
    assert served == editor(project, name, "--dg-no-cache", buffer=buffer)
    assert server.requests() == before + 2
    assert len(served) == 2 and "DGD101 asset 'extra_asset'" in served[1], served
    assert editor(project, name) == served[:1]


def test_options_reach_the_server(project: Path, serve: Any) -> None:
    server = serve(project)
    for args in (
        ("--dg-defs-module=my_existing_project.elt",),
        ("--dg-root-module=nope",),
        ("--dg-defs-module=my_existing_project.elt", "--dg-require-autoload"),
    ):
        before = server.requests()
        served = editor(project, DEFINITIONS, *args)
        assert server.requests() == before + 2
        assert served == editor(project, DEFINITIONS, "--dg-no-cache", *args), args
        assert served != editor(project, DEFINITIONS), args
    assert editor(project, DEFINITIONS, "--dg-root-module=nope") == [
        f"{DEFINITIONS}:1:1: DGD002 --dg-root-module: root_module 'nope' is not a package of"
        " the project (no nope/ or nope.py); Dagster checks skipped for this project"
    ]


# -- edits -----------------------------------------------------------------------------------
def test_edits_on_disk_are_seen(project: Path, serve: Any) -> None:
    server = serve(project)
    before = flake8(project, ".")
    assert not any(": DGD401 " in line for line in before)
    defs = project / "my_existing_project" / "defs" / "__init__.py"
    defs.write_text("import dagster as dg\n" + DUPLICATE)
    server.sync()
    after = flake8(project, ".")
    assert after == flake8(project, "--dg-no-cache", ".")
    assert any(": DGD401 " in line for line in after), after
    # The editor's run of an unchanged file sees the other file's edit too.
    assert editor(project, DEFINITIONS) == editor(project, DEFINITIONS, "--dg-no-cache")
    assert any(": DGD401 " in line for line in editor(project, DEFINITIONS))


def test_configuration_errors_come_from_the_server(project: Path, serve: Any) -> None:
    server = serve(project)
    pyproject = project / "pyproject.toml"
    good = pyproject.read_text()
    pyproject.write_text(good.replace('root_module = "my_existing_project"', "root_module = ["))
    server.sync()
    before = server.requests()
    broken = flake8(project, ".")
    assert broken == flake8(project, "--dg-no-cache", ".")
    assert len(broken) == 1 and ": DGD001 " in broken[0], broken
    assert editor(project, DEFINITIONS) == editor(project, DEFINITIONS, "--dg-no-cache")
    assert server.requests() > before
    pyproject.write_text(good)
    server.sync()
    assert flake8(project, ".") == flake8(project, "--dg-no-cache", ".")
    assert not any(": DGD001 " in line for line in flake8(project, "."))


# -- falling back ----------------------------------------------------------------------------
class FakeServer:
    """A socket at the server's place that answers every request with `reply`."""

    def __init__(self, path: str, reply: dict[str, Any] | None) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(path)
        self.sock.listen(8)
        self.reply = reply
        self.asked = 0
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                self.asked += 1
                if self.reply is None:  # never answers
                    time.sleep(2)
                    continue
                try:
                    protocol.read_message(conn)
                    conn.sendall(json.dumps(self.reply).encode() + b"\n")
                except (OSError, ValueError):
                    pass

    def close(self) -> None:
        self.sock.close()


def fake_reply(**changes: Any) -> dict[str, Any]:
    return {
        **protocol.header(),
        "ok": True,
        "reports": {},
        "violations": [[1, 0, "DGD999 from the fake server"]],
        **changes,
    }


@pytest.mark.parametrize(
    "reply, mode, used",
    [
        (fake_reply(), 0o700, True),  # the control: a server that answers is believed
        (fake_reply(), 0o755, False),  # a folder others can enter
        (fake_reply(protocol=999), 0o700, False),
        (fake_reply(version="0.0.0"), 0o700, False),
        (fake_reply(code="0"), 0o700, False),
        (fake_reply(ok=False, error="not served here"), 0o700, False),
        (fake_reply(violations="garbage"), 0o700, False),
        (None, 0o700, False),  # never answers: the timeout
    ],
)
def test_a_foreign_or_broken_server_is_ignored(
    project: Path, reply: dict[str, Any] | None, mode: int, used: bool
) -> None:
    expected = editor(project, DEFINITIONS, "--dg-no-cache")
    path = protocol.socket_path(str(project), None)
    os.makedirs(os.path.dirname(path), mode=0o700)
    os.chmod(os.path.dirname(path), mode)
    fake = FakeServer(path, reply)
    try:
        lines = editor(project, DEFINITIONS)
    finally:
        fake.close()
    assert (fake.asked > 0) == (mode == 0o700)
    if used:
        assert lines == [f"{DEFINITIONS}:1:1: DGD999 from the fake server"]
    else:
        assert lines == expected


def test_a_stale_socket_is_ignored_and_replaced(project: Path, serve: Any) -> None:
    path = protocol.socket_path(str(project), None)
    os.makedirs(os.path.dirname(path), mode=0o700)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)
    dead.close()  # the file stays, nobody listens
    assert os.path.exists(path)
    expected = editor(project, DEFINITIONS, "--dg-no-cache")
    assert editor(project, DEFINITIONS) == expected
    server = serve(project)  # takes the place of the dead one
    before = server.requests()
    assert editor(project, DEFINITIONS) == expected
    assert server.requests() == before + 2


def test_a_server_of_another_build_is_not_asked_to_lint(project: Path, serve: Any) -> None:
    server = serve(project)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(server.socket)
        request = {
            **protocol.header(), "code": "another", "op": "prepare", "cwd": str(project),
            "files": [], "options": {"require": False},
        }
        sock.sendall(protocol.encode(request))
        reply = protocol.read_message(sock)
    assert reply["ok"] is False and "another release" in reply["error"]


# -- the socket and its folder ---------------------------------------------------------------
def test_the_socket_folder_is_private(project: Path, serve: Any) -> None:
    folder = project / ".dgdefs_cache"
    os.makedirs(folder / f"server-{os.getuid()}", mode=0o755)
    os.chmod(folder / f"server-{os.getuid()}", 0o755)  # made open by someone: closed again
    server = serve(project)
    private = Path(server.socket).parent
    assert private.parent == folder
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert stat.S_ISSOCK(os.stat(server.socket).st_mode)
    assert stat.S_IMODE(os.stat(server.socket).st_mode) & 0o077 == 0
    assert (folder / ".gitignore").read_text() == "# Created by flake8-dgdefs.\n*\n"
    # Nothing else is written into the project.
    assert editor(project, DEFINITIONS) == editor(project, DEFINITIONS, "--dg-no-cache")
    again = copy_project(project.parent / "again")

    def files(root: Path) -> list[Path]:
        paths = root.rglob("*")
        return sorted(p.relative_to(root) for p in paths if ".dgdefs_cache" not in p.parts)

    assert files(project) == files(again)


def test_a_configured_cache_folder_holds_the_socket(project: Path, short_tmp: Path) -> None:
    cache = short_tmp / "cache"
    env = environment()
    log = short_tmp / "serve.log"
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [*SERVE, str(project), f"--dg-cache-dir={cache}"], stdout=handle, stderr=handle,
            env=env,
        )
    path = protocol.socket_path(str(project), str(cache))
    try:
        deadline = time.monotonic() + PATIENCE
        while client.ask(path, {"op": "status"}, 5.0) is None:
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        assert not (project / ".dgdefs_cache").exists()
        expected = editor(project, DEFINITIONS, "--dg-no-cache")
        assert editor(project, DEFINITIONS, f"--dg-cache-dir={cache}") == expected
        status = client.ask(path, {"op": "status"}, 5.0)
        assert status is not None and status["requests"] >= 3
        stopped = subprocess.run(
            [*SERVE, str(project), "--stop", f"--dg-cache-dir={cache}"],
            capture_output=True, text=True, env=env, timeout=60, check=False,
        )
        assert stopped.returncode == 0, stopped.stderr
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="long paths need /proc")
def test_a_socket_path_longer_than_sun_path(short_tmp: Path, serve: Any) -> None:
    deep = short_tmp / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    project = copy_project(deep)
    server = serve(project)
    assert len(server.socket) > 108
    before = server.requests()
    assert editor(project, DEFINITIONS) == editor(project, DEFINITIONS, "--dg-no-cache")
    assert server.requests() == before + 2


# -- the command -----------------------------------------------------------------------------
def serve_command(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SERVE, *args], cwd=cwd, capture_output=True, text=True, env=environment(),
        timeout=120, check=False,
    )


def test_stop(project: Path, serve: Any) -> None:
    server = serve(project)
    stopped = serve_command("--stop", cwd=project / "my_existing_project")
    assert (stopped.returncode, stopped.stdout) == (0, "")
    assert stopped.stderr == f"flake8-dgdefs: stopped the server of {project}\n"
    assert server.process.wait(30) == 0
    assert not os.path.exists(server.socket)
    again = serve_command(str(project), "--stop")
    assert again.returncode == 1
    assert again.stderr == f"flake8-dgdefs: no server running for {project}\n"
    # Without a server the plugin works as before.
    assert editor(project, DEFINITIONS) == editor(project, DEFINITIONS, "--dg-no-cache")


def test_one_server_per_project(project: Path, serve: Any) -> None:
    serve(project)
    second = serve_command(str(project), "--idle", "5")
    assert second.returncode == 2
    assert second.stderr == f"flake8-dgdefs: a server for {project} is already running\n"


def test_idle_shutdown(project: Path, short_tmp: Path) -> None:
    log = short_tmp / "idle.log"
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [*SERVE, str(project), "--idle", "1"], stdout=handle, stderr=handle,
            env=environment(),
        )
    try:
        assert process.wait(PATIENCE) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
    assert "idle for 1 s, stopping" in log.read_text()
    assert not os.path.exists(protocol.socket_path(str(project), None))


def test_detach(project: Path) -> None:
    started = serve_command(str(project), "--detach", "--idle", "600")
    path = protocol.socket_path(str(project), None)
    try:
        assert started.returncode == 0, started.stderr
        assert started.stderr.startswith(f"flake8-dgdefs: serving {project} (pid ")
        assert client.ask(path, {"op": "status"}, 5.0) is not None
    finally:
        serve_command(str(project), "--stop")
    assert not os.path.exists(path)


@pytest.mark.parametrize(
    "args, message",
    [
        (["/no/such/folder"], "flake8-dgdefs: /no/such/folder: no such file or folder\n"),
        (["--idle", "-1"], None),
    ],
)
def test_bad_command_lines(args: list[str], message: str | None) -> None:
    result = serve_command(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    if message is not None:
        assert result.stderr == message
    else:
        assert result.stderr.splitlines()[-1] == (
            "flake8-dgdefs serve: error: --idle must be 0 or more seconds"
        )


def test_no_project_no_server(short_tmp: Path) -> None:
    empty = short_tmp / "empty"
    empty.mkdir()
    result = serve_command(str(empty), "--idle", "1")
    if result.returncode == 0:  # pragma: no cover - a project marker above /tmp
        pytest.skip("a project marker above the temporary folder")
    assert result.returncode == 2
    assert result.stderr.startswith(f"flake8-dgdefs: {empty}: no project here (no dg.toml")
    assert len(result.stderr.splitlines()) == 1


# -- bad requests ----------------------------------------------------------------------------
def raw(server: Served, payload: bytes) -> dict[str, Any]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(60)
        sock.connect(server.socket)
        sock.sendall(payload)
        return protocol.read_message(sock)


def test_bad_requests_get_an_error_reply(project: Path, serve: Any) -> None:
    server = serve(project)
    header = protocol.header()
    options = {"root_module": None, "defs_module": None, "require": False, "cache_dir": None}
    lint = {
        **header, "op": "lint", "cwd": str(project), "file": DEFINITIONS, "from_disk": False,
        "text": "x = 1\n", "options": options,
    }
    cases: list[tuple[bytes, str]] = [
        (b"x" * (protocol.MAX_MESSAGE + 1), f"message longer than {protocol.MAX_MESSAGE} bytes"),
        (b"{not json\n", "not a JSON message"),
        (b"[1, 2]\n", "not a JSON object"),
        (b'"' + b"[" * 100000 + b'"\n', "not a JSON object"),
        (b"[" * 100000 + b"\n", "not a JSON message"),
        (protocol.encode({**header, "protocol": 2, "op": "status"}), "protocol 2 is not 1"),
        (protocol.encode({**header, "op": "exec"}), "unknown op 'exec'"),
        (protocol.encode({**lint, "options": "x"}), "bad request: options missing"),
        (protocol.encode({**lint, "text": 3}), "bad request: text must be a string"),
        (protocol.encode({**lint, "cwd": "relative"}), "bad request: cwd must be absolute, "
         "from_disk true or false"),
        (protocol.encode({**lint, "text": "def (:\n"}), "the text does not parse"),
        (protocol.encode({**lint, "file": "/etc/passwd"}), "not served here: /etc/passwd"),
        (protocol.encode({**lint, "file": "../x.py"}), "not served here: ../x.py"),
        (protocol.encode({**lint, "options": {**options, "cache_dir": "rel"}}),
         "bad request: cache_dir must be an absolute path"),
    ]
    for payload, error in cases:
        reply = raw(server, payload)
        assert (reply["ok"], reply["error"]) == (False, error), payload[:40]
        assert protocol.same_build(reply)
    # A client that goes away mid-request, and one that sends nothing.
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(server.socket)
        sock.sendall(b'{"op": "sta')
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(server.socket)
    # Still serving, and right.
    assert server.process.poll() is None
    good = raw(server, protocol.encode({**lint, "text": (project / DEFINITIONS).read_text()}))
    assert good["ok"] is True and len(good["violations"]) == 4
    assert editor(project, DEFINITIONS) == editor(project, DEFINITIONS, "--dg-no-cache")
