"""What the server and the plugin agree on: where the socket lives and how messages look.

One request and one reply per connection, each a single JSON object on one line (UTF-8,
ended by a newline), at most MAX_MESSAGE bytes. Every message carries PROTOCOL, the
package version and a stamp of the package's code: a server started by another release,
or before the plugin's code was edited, is not used (the plugin then lints by itself).

The socket: `<cache folder>/server-<uid>/<digest of the project folder>.sock`, where the
cache folder is `--dg-cache-dir`, else `$DGDEFS_CACHE_DIR`, else `<project>/.dgdefs_cache`
(cache.CacheSettings). The `server-<uid>` folder is the owner's alone (mode 0700); the
client checks that before connecting, and both ends check the peer's uid where the OS
tells it (SO_PEERCRED).

Only modules that flake8 itself has imported are used here: finding and asking a server
must cost the plugin well under a millisecond.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import struct
import sys
import zlib
from typing import Any

from flake8_dgdefs import cache_folder

#: Bump when a request or reply changes meaning.
PROTOCOL = 1
#: Longest request or reply, in bytes (a request carries the editor's buffer).
MAX_MESSAGE = 16 * 1024 * 1024
#: Longest path bind()/connect() take (sun_path is 108 bytes on Linux, 104 on macOS).
MAX_SOCKET_PATH = 100


def supported() -> bool:
    """True where the server can run: Unix sockets and user ids (not on Windows)."""
    return hasattr(socket, "AF_UNIX") and hasattr(os, "getuid") and sys.platform != "win32"


def private_folder(project_dir: str, directory: str | None) -> str:
    """The owner-only folder that holds the sockets of a project's server."""
    folder = cache_folder.folder(project_dir, directory)
    return os.path.join(folder, f"server-{os.getuid()}")


def socket_name(project_dir: str) -> str:
    key = project_dir.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}.sock"


def socket_path(project_dir: str, directory: str | None) -> str:
    return os.path.join(private_folder(project_dir, directory), socket_name(project_dir))


def is_private(folder: str) -> bool:
    """The folder is a real folder (no link), ours, and closed to everyone else."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and info.st_mode & 0o077 == 0
    )


def address(path: str) -> tuple[str, int | None]:
    """What to pass to bind()/connect() for `path`, and a folder descriptor to close after.

    A path too long for sun_path is reached through /proc/self/fd/<fd of its folder>/
    where there is a /proc (Linux); elsewhere it is refused (ValueError).
    """
    if len(os.fsencode(path)) <= MAX_SOCKET_PATH:
        return path, None
    if not os.path.isdir("/proc/self/fd"):
        raise ValueError(f"socket path too long ({len(path)} characters): {path}")
    fd = os.open(os.path.dirname(path), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    return f"/proc/self/fd/{fd}/{os.path.basename(path)}", fd


def peer_uid(sock: socket.socket) -> int | None:
    """The uid of the process at the other end; None where the OS does not say."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    size = struct.calcsize("3i")
    try:
        _, uid, _ = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, option, size))
    except (OSError, struct.error):
        return None
    return int(uid)


def peer_is_us(sock: socket.socket) -> bool:
    uid = peer_uid(sock)
    return uid is None or uid == os.getuid()


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, separators=(",", ":")).encode("utf-8") + b"\n"


class MessageError(ValueError):
    """A message that is too long, cut short or not a JSON object (str(): one line)."""


def read_message(sock: socket.socket, limit: int = MAX_MESSAGE) -> dict[str, Any]:
    """One message from the socket; MessageError when it breaks the rules."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = sock.recv(1 << 16)
        if not chunk:
            raise MessageError("connection closed before the end of the message")
        end = chunk.find(b"\n")
        if end >= 0:
            if size + end > limit:
                raise MessageError(f"message longer than {limit} bytes")
            chunks.append(chunk[:end])
            break
        size += len(chunk)
        if size > limit:
            raise MessageError(f"message longer than {limit} bytes")
        chunks.append(chunk)
    try:
        message = json.loads(b"".join(chunks))
    except (ValueError, RecursionError):
        raise MessageError("not a JSON message") from None
    if not isinstance(message, dict):
        raise MessageError("not a JSON object")
    return message


def header() -> dict[str, Any]:
    """The fields every message starts with."""
    from flake8_dgdefs import __version__

    return {"protocol": PROTOCOL, "version": __version__, "code": cache_folder.code_digest()}


def same_build(message: dict[str, Any]) -> bool:
    """The message comes from this protocol, release and code."""
    return all(message.get(key) == value for key, value in header().items())
