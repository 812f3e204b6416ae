"""The plugin's side: find the server of a file's project and ask it, or give up quietly.

Every failure (no socket, a stale one, a folder that is not private, another user's
server, a timeout, another protocol or release, an error reply) is None: the plugin then
lints in its own process, as without a server.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from flake8_dgdefs.server import protocol

#: Seconds to connect and get the answer to `prepare` (the server needs no map for it).
PREPARE_TIMEOUT = 0.5
#: Seconds to wait for a file's findings: the server may be rebuilding its map after an
#: edit, which still costs less than building it here.
LINT_TIMEOUT = 30.0


class Finder:
    """Folder -> the socket of the server above it (or None), remembered per process."""

    def __init__(self, directory: str | None) -> None:
        self.directory = directory
        self.found: dict[str, str | None] = {}

    def socket_for(self, folder: str) -> str | None:
        """The socket of the nearest folder at or above `folder` that has a server: a
        stat per folder, no TOML read."""
        walked: list[str] = []
        found: str | None = None
        while True:
            if folder in self.found:
                found = self.found[folder]
                break
            walked.append(folder)
            path = protocol.socket_path(folder, self.directory)
            if os.path.exists(path):
                found = path
                break
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        for name in walked:
            self.found[name] = found
        return found


def server_for(paths: list[str], directory: str | None) -> str | None:
    """The one server that serves every file of `paths` (absolute), or None."""
    if not paths or not protocol.supported():
        return None
    finder = Finder(directory)
    found = {finder.socket_for(os.path.dirname(path)) for path in paths}
    if len(found) != 1:
        return None
    path = found.pop()
    if path is None or not protocol.is_private(os.path.dirname(path)):
        return None
    return path


def ask(
    path: str, request: dict[str, Any], timeout: float, same_build: bool = True
) -> dict[str, Any] | None:
    """Send one request; the reply when the server answered it, else None.

    `same_build`: accept only a server of this release and code (False: any server of
    this protocol, to stop it)."""
    message = protocol.encode({**protocol.header(), **request})
    if len(message) > protocol.MAX_MESSAGE:
        return None
    folder_fd = None
    try:
        target, folder_fd = protocol.address(path)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(target)
            if not protocol.peer_is_us(sock):
                return None
            sock.sendall(message)
            reply = protocol.read_message(sock)
    except (OSError, ValueError):  # includes socket.timeout and MessageError
        return None
    finally:
        if folder_fd is not None:
            os.close(folder_fd)
    if reply.get("protocol") != protocol.PROTOCOL or reply.get("ok") is not True:
        return None
    if same_build and not protocol.same_build(reply):
        return None
    return reply
