"""`flake8-dgdefs serve [PATH] [--stop] [--idle SECONDS] [--detach]`: the command line.

Light to import (cli.py builds its parser with it): the server itself is imported only
when `serve` runs. Bad input is one line on stderr and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from typing import Any, Sequence

OK = 0
NOT_RUNNING = 1
BAD_INPUT = 2
#: Seconds `--stop` waits for the server to go.
STOP_WAIT = 30.0


def configure(commands: Any) -> None:
    """Add the `serve` subcommand to cli.py's subparsers."""
    parser = commands.add_parser(
        "serve",
        help="keep the project's model in memory for the flake8 plugin (editors)",
        description=(
            "Serve the flake8 plugin from memory: the project's map and load model stay"
            " built, kept current by file-system events (watchfiles), and the plugin asks"
            " over a Unix socket in the project's cache folder instead of loading them on"
            " every run. Without a server the plugin works as before."
        ),
    )
    parser.set_defaults(serve_parser=parser)
    parser.add_argument(
        "path", nargs="?", default=".", help="a file or folder of the project (default: .)"
    )
    parser.add_argument("--stop", action="store_true", help="stop the project's server")
    parser.add_argument(
        "--idle",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop after this long without a request (default: 1800; 0: never)",
    )
    parser.add_argument(
        "--detach",
        action="store_true",
        help="run in the background; return once the server answers",
    )
    parser.add_argument("--dg-cache-dir", help="cache folder, as the plugin's option")
    parser.add_argument("--dg-root-module", help="build this option's map at start")
    parser.add_argument("--dg-defs-module", help="build this option's map at start")
    parser.add_argument(
        "--dg-require-autoload", action="store_true", help="build this option's map at start"
    )


def run_serve(args: argparse.Namespace, extra: Sequence[str] = ()) -> int:
    if extra:
        args.serve_parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.idle is not None and not args.idle >= 0:
        args.serve_parser.error("--idle must be 0 or more seconds")
    from flake8_dgdefs import cache_folder
    from flake8_dgdefs.server import protocol

    if not protocol.supported():
        return _fail("serve needs Unix sockets; not supported on this platform")
    from flake8_dgdefs.server import daemon

    try:
        directory = daemon.project_folder(args.path)
    except daemon.ServeError as exc:
        return _fail(str(exc))
    cache_dir = cache_folder.directory_from(args.dg_cache_dir)
    if args.stop:
        return stop(directory, cache_dir)
    from flake8_dgdefs.cache import CacheSettings
    from flake8_dgdefs.discovery import Overrides

    key = (
        Overrides(args.dg_root_module or None, args.dg_defs_module or None),
        CacheSettings(True, cache_dir),
        bool(args.dg_require_autoload),
    )
    idle = daemon.DEFAULT_IDLE if args.idle is None else args.idle
    if args.detach:
        return _detach(directory, key, idle)

    def ready(path: str) -> None:
        print(
            f"flake8-dgdefs: serving {directory} (pid {os.getpid()}); stop with"
            f" `flake8-dgdefs serve --stop`",
            file=sys.stderr,
            flush=True,
        )

    try:
        daemon.run(directory, key, idle, ready)
    except daemon.ServeError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:  # pragma: no cover - before the handlers are installed
        pass
    return OK


def stop(directory: str, cache_dir: str | None) -> int:
    """Ask the server of `directory` to stop and wait until its socket is gone."""
    from flake8_dgdefs.server import client, protocol

    path = protocol.socket_path(directory, cache_dir)
    reply = None
    if protocol.is_private(os.path.dirname(path)):
        reply = client.ask(path, {"op": "stop"}, 5.0, same_build=False)
    if reply is None:
        print(f"flake8-dgdefs: no server running for {directory}", file=sys.stderr)
        return NOT_RUNNING
    deadline = time.monotonic() + STOP_WAIT
    while os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.05)
    print(f"flake8-dgdefs: stopped the server of {directory}", file=sys.stderr)
    return OK


def _detach(directory: str, key: Any, idle: float) -> int:
    """Fork a server that outlives this process (its messages go to a log beside its
    socket); return once it answers, or with its first line of error."""
    from flake8_dgdefs.server import daemon, protocol

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        with os.fdopen(read_end, "r", encoding="utf-8", errors="replace") as pipe:
            line = pipe.readline().strip()
        os.waitpid(pid, 0)
        if line.startswith("ready "):
            print(f"flake8-dgdefs: serving {directory} (pid {line.split()[1]})", file=sys.stderr)
            return OK
        return _fail(line or "the server did not start")
    # The first child: a new session, then the server in a grandchild (no controlling
    # terminal, not a child of the caller).
    os.close(read_end)
    os.setsid()
    if os.fork():
        os._exit(0)
    status = BAD_INPUT
    try:
        log = protocol.socket_path(directory, key[1].directory)[: -len(".sock")] + ".log"
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        try:
            daemon.prepare_private_folder(os.path.dirname(log))
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(fd, 2)
        except (daemon.ServeError, OSError):
            os.dup2(null, 2)

        def ready(path: str) -> None:
            os.write(write_end, f"ready {os.getpid()}\n".encode())
            os.close(write_end)

        daemon.run(directory, key, idle, ready)
        status = OK
    except daemon.ServeError as exc:
        with contextlib.suppress(OSError):
            os.write(write_end, f"{exc}\n".encode())
    except BaseException as exc:  # noqa: BLE001 - one line to the waiting parent
        with contextlib.suppress(OSError):
            os.write(write_end, f"the server failed: {type(exc).__name__}: {exc}\n".encode())
    finally:
        os._exit(status)


def _fail(message: str) -> int:
    print(f"flake8-dgdefs: {message}", file=sys.stderr)
    return BAD_INPUT
