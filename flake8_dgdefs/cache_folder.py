"""Where flake8-dgdefs keeps what it remembers between runs, and how it tells a stale
memory: the one folder per project (or the one `--dg-cache-dir`), and the stamps.

Light on purpose (os only): the index and the server's client use it before
anything heavy is imported. The scan cache (cache.py), the index (index.py) and
the server (server/) all keep their files here.
"""

from __future__ import annotations

import functools
import os
import zlib

#: The folder's name inside a project, when no folder is given.
FOLDER = ".dgdefs_cache"
#: The environment variable that moves it (as `--dg-cache-dir`).
ENV_DIR = "DGDEFS_CACHE_DIR"
#: Files modified this recently (ns) are not trusted by their (size, mtime): on a file
#: system with a coarse clock, an edit within the same tick and of the same size would
#: look unchanged.
RACY_NS = 2_000_000_000
GITIGNORE = "# Created by flake8-dgdefs.\n*\n"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by flake8-dgdefs.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)


def directory_from(option: str | None) -> str | None:
    """The folder the option or the environment names, absolute; None: one per project."""
    directory = option or os.environ.get(ENV_DIR) or None
    return os.path.abspath(directory) if directory else None


def folder(project_dir: str, directory: str | None) -> str:
    """The folder of a project's files."""
    return directory or os.path.join(project_dir, FOLDER)


def prepare(path: str) -> None:
    """Create the folder with its `.gitignore` ("*") and `CACHEDIR.TAG`, so that it is
    never committed or backed up. Raises OSError when it cannot be written."""
    if os.path.isfile(os.path.join(path, "CACHEDIR.TAG")):
        return
    os.makedirs(path, exist_ok=True)
    for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", GITIGNORE)):
        target = os.path.join(path, name)
        if not os.path.exists(target):
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)


def stamp(path: str) -> tuple[int, int] | None:
    """(size, mtime_ns) of a file, what a memory of it is keyed by; None: it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def is_racy(mtime_ns: int, now_ns: int) -> bool:
    """True when a file changed too recently for its (size, mtime) to identify its content."""
    return mtime_ns > now_ns - RACY_NS


@functools.lru_cache(maxsize=1)
def code_stamp() -> tuple[tuple[str, int, int], ...]:
    """Size and mtime of every module of this package: an edited plugin (a development
    install keeps its version number) must not read what the old one stored.

    Read from the package folder, not from what is imported yet: the same in every process.
    """
    package_dir = os.path.dirname(os.path.abspath(__file__))
    stamps = []
    for parent, subfolders, files in os.walk(package_dir):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(parent, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                stamps.append((os.path.relpath(path, package_dir), info.st_size, info.st_mtime_ns))
    return tuple(stamps)


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """`code_stamp` as a short string (what the server and the plugin compare)."""
    blob = repr(code_stamp()).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}"
