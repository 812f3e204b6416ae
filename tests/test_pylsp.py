"""A real editor client: pylsp over stdio, its flake8 plugin running this plugin on the buffer.

pylsp runs flake8 in a subprocess on the open document's text (stdin), with
``--stdin-display-name`` set to the path relative to the workspace root and the root as
working directory, on ``didOpen`` and again, debounced, on every ``didChange``.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any, Callable

import pytest

from tests.helpers import TEST_CACHE, TESTDATA, flake8_lines

pytest.importorskip("pylsp")

Json = dict[str, Any]

#: How long to wait for any one answer from the server before failing the test.
TIMEOUT_S = 60.0
DISPLAY = "my_existing_project/elt/assets.py"
FLAKE8_LINE = re.compile(r"(?P<path>.+?):(?P<row>\d+):(?P<col>\d+): (?P<code>\w+) (?P<text>.*)")
WARNING = 2  # lsp DiagnosticSeverity.Warning: pylsp's severity for every non-pyflakes code
LINTERS_OFF = (
    "autopep8",
    "mccabe",
    "preload",
    "pycodestyle",
    "pydocstyle",
    "pyflakes",
    "pylint",
    "rope_autoimport",
    "rope_completion",
    "yapf",
)


def read_message(stream: IO[bytes]) -> Json | None:
    """One Content-Length framed JSON-RPC message, or None at the end of the stream."""
    length = None
    while True:
        header = stream.readline()
        if not header:
            return None
        if header in (b"\r\n", b"\n"):
            break
        name, _, value = header.decode("ascii").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    if length is None:
        return None
    message: Json = json.loads(stream.read(length))
    return message


class LspClient:
    """Just enough of an LSP client: framed JSON-RPC over the server's stdin and stdout."""

    def __init__(self, server: subprocess.Popen[bytes], log: Path) -> None:
        assert server.stdin is not None and server.stdout is not None
        self._stdin = server.stdin
        self._log = log
        self._last_id = 0
        self._inbox: queue.Queue[Json | None] = queue.Queue()
        threading.Thread(target=self._read_all, args=(server.stdout,), daemon=True).start()

    def _read_all(self, stdout: IO[bytes]) -> None:
        try:
            while (message := read_message(stdout)) is not None:
                self._inbox.put(message)
        finally:
            self._inbox.put(None)  # the end of the stream, or a broken message

    def _send(self, message: Json) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self._stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self._stdin.flush()

    def notify(self, method: str, params: Json | None = None) -> None:
        self._send({"method": method} if params is None else {"method": method, "params": params})

    def request(self, method: str, params: Json | None = None) -> Any:
        """Send a request and return the result of its response."""
        self._last_id += 1
        request_id = self._last_id
        message: Json = {"id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        self._send(message)
        response = self.wait_for(lambda m: m.get("id") == request_id and "method" not in m)
        assert "error" not in response, response
        return response.get("result")

    def wait_for(self, wanted: Callable[[Json], bool]) -> Json:
        """The next wanted message from the server; other messages are dropped."""
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            try:
                message = self._inbox.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                failure = self._failure(f"nothing wanted within {TIMEOUT_S} s")
                raise AssertionError(failure) from None
            if message is None:
                raise AssertionError(self._failure("the server closed its output"))
            if "method" in message and "id" in message:
                self._send({"id": message["id"], "result": None})  # a request to the client
            elif wanted(message):
                return message

    def diagnostics(self, uri: str, version: int) -> list[Json]:
        """The diagnostics published for this version of the document."""
        published = self.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and m["params"].get("version") == version
        )
        found: list[Json] = published["params"]["diagnostics"]
        return found

    def _failure(self, what: str) -> str:
        return f"{what}; pylsp's log:\n{self._log.read_text(errors='replace')}"


def settings(flake8: str) -> Json:
    """pylsp settings: only the flake8 linter, DGD codes only, no user or project config files."""
    plugins: Json = {name: {"enabled": False} for name in LINTERS_OFF}
    plugins["flake8"] = {"enabled": True, "select": ["DGD"], "executable": flake8}
    return {"pylsp": {"configurationSources": [], "plugins": plugins}}


def expected(root: Path, source: str) -> list[Json]:
    """flake8's own lines for this buffer, as the diagnostics pylsp derives from them."""
    lines = source.splitlines(keepends=True)
    diagnostics = []
    for line in flake8_lines("--stdin-display-name", DISPLAY, "-", cwd=root, stdin=source):
        match = FLAKE8_LINE.fullmatch(line)
        assert match is not None and match["path"] == DISPLAY, line
        row, col = int(match["row"]) - 1, int(match["col"]) - 1
        start = {"line": row, "character": col}
        # pylsp cannot know where a finding ends: to the end of the line, newline included.
        end = {"line": row, "character": len(lines[row])}
        diagnostics.append(
            {
                "source": "flake8",
                "code": match["code"],
                "message": f"{match['code']} {match['text']}",
                "severity": WARNING,
                "range": {"start": start, "end": end},
            }
        )
    return sorted(diagnostics, key=position)


def position(diagnostic: Json) -> tuple[int, int, str]:
    start = diagnostic["range"]["start"]
    return start["line"], start["character"], diagnostic["code"]


def summary(diagnostics: list[Json]) -> list[tuple[int, str]]:
    """(0-based line, message up to 'is outside ...') of each diagnostic, in order."""
    return [(d["range"]["start"]["line"], d["message"].split(" is ")[0]) for d in diagnostics]


ORDERS = "@dg.asset\ndef orders_table() -> None: ...\n\n\n"
JOB = "\n\n@dg.job\ndef refresh_job() -> None: ...\n"


def test_pylsp_publishes_the_findings_for_the_open_and_the_edited_buffer(tmp_path: Path) -> None:
    flake8 = shutil.which("flake8", path=os.path.dirname(sys.executable))
    assert flake8 is not None, "flake8 is not installed beside this Python"
    root = tmp_path.resolve() / "stage"
    ignore = shutil.ignore_patterns(".dgdefs_cache", "__pycache__")
    shutil.copytree(TESTDATA / "guide_before", root, ignore=ignore)
    path = root / DISPLAY
    uri = path.as_uri()
    saved = path.read_text(encoding="utf-8")
    assert ORDERS in saved
    edited = saved.replace(ORDERS, "") + JOB  # one asset less, one job more, lines shifted

    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.setdefault("DGDEFS_CACHE_DIR", str(TEST_CACHE))  # never a cache folder in the project
    log = tmp_path / "pylsp.log"
    with log.open("wb") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "pylsp"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env,
        )
    try:
        client = LspClient(server, log)
        init = client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
                "initializationOptions": settings(flake8),
            },
        )
        assert init["serverInfo"]["name"] == "pylsp"
        client.notify("initialized", {})
        client.notify("workspace/didChangeConfiguration", {"settings": settings(flake8)})

        document = {"uri": uri, "languageId": "python", "version": 1, "text": saved}
        client.notify("textDocument/didOpen", {"textDocument": document})
        opened = sorted(client.diagnostics(uri, version=1), key=position)
        assert summary(opened) == [
            (3, "DGD101 asset 'customers_table'"),
            (7, "DGD101 asset 'orders_table'"),
            (11, "DGD101 asset 'products_table'"),
        ]
        assert opened == expected(root, saved)

        # No save: pylsp lints the changed buffer (full text) on didChange, not the file on disk.
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": edited}]},
        )
        changed = sorted(client.diagnostics(uri, version=2), key=position)
        assert summary(changed) == [
            (3, "DGD101 asset 'customers_table'"),
            (7, "DGD101 asset 'products_table'"),
            (11, "DGD101 job 'refresh_job'"),
        ]
        assert changed == expected(root, edited)
        assert path.read_text(encoding="utf-8") == saved

        assert client.request("shutdown") is None
        client.notify("exit")
        assert server.wait(timeout=TIMEOUT_S) == 0
    finally:
        if server.poll() is None:
            server.kill()
        server.wait()
        for stream in (server.stdin, server.stdout):
            if stream is not None:
                stream.close()
