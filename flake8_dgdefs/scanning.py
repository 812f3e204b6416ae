"""Scanning module files from disk, in this process or shared with forked ones.

A cold map build parses and scans every module before flake8 starts its own work, while
the machine's other cores are idle: on Linux, the files are shared between this process
and forked ones, one process per core (at most MAX_PROCESSES, each with at least
MIN_SHARE files). A forked process scans
its share and sends the scans back encoded by the cache's codec, the form the cache stores;
this process decodes them. A share that does not come back whole (the process failed or
was killed) is scanned here. Nothing is forked from a process that runs threads (the
server), nor without the codec.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import signal
import sys
import threading
from typing import TYPE_CHECKING, Mapping, Sequence

from flake8_dgdefs.model import ModuleScan

if TYPE_CHECKING:  # pragma: no cover
    from flake8_dgdefs.cache import Codec
    from flake8_dgdefs.scan.values import Value

#: One file to scan: its path, module name and whether it is a package's `__init__`.
Job = tuple[str, str, bool]
#: Files to scan per process, at least, for a process to be forked.
MIN_SHARE = 100
#: Processes that scan at most, this one included.
MAX_PROCESSES = 8
#: Scans between two collections of young garbage, when the collector is paused.
COLLECT_EVERY = 64


def scan_file(
    path: str, name: str, is_package: bool, given: Mapping[str, Value] | None = None
) -> ModuleScan:
    """The scan of one module file; a file that cannot be read yields `error`."""
    try:
        with open(path, "rb") as handle:
            source = handle.read()
    except OSError as exc:
        return ModuleScan(error=f"cannot be read ({exc.strerror})")
    from flake8_dgdefs.scan import scan_source  # a warm run (all from the cache) parses nothing

    return scan_source(source, name, is_package, given)


def scan_files(jobs: Sequence[Job], codec: Codec | None, collect: bool) -> list[ModuleScan]:
    """The scans of `jobs`, in order. `collect`: free the young cyclic garbage now and
    then (the builder paused the collector)."""
    processes = _processes(len(jobs))
    if codec is None or processes < 2:
        return _scan_here(jobs, collect)
    shares = [jobs[i::processes] for i in range(processes)]
    children = [_fork(share, codec, collect) for share in shares[1:]]
    try:
        scans: list[list[ModuleScan]] = [_scan_here(shares[0], collect)]
        for i, (share, child) in enumerate(zip(shares[1:], children)):
            back = _collect(child, codec, len(share))
            children[i] = None
            scans.append(back if back is not None else _scan_here(share, collect))
    finally:  # interrupted: stop the children still scanning
        for child in children:
            _abandon(child)
    found: list[ModuleScan] = [ModuleScan()] * len(jobs)
    for i, share_scans in enumerate(scans):
        found[i::processes] = share_scans
    return found


def _processes(files: int) -> int:
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_PROCESSES, files // MIN_SHARE))


def _scan_here(jobs: Sequence[Job], collect: bool) -> list[ModuleScan]:
    scans = []
    for count, job in enumerate(jobs, 1):
        scans.append(scan_file(*job))
        if collect and count % COLLECT_EVERY == 0:
            gc.collect(0)  # only what was made since the last time: linear
    return scans


#: A forked process: its id and the read end of the pipe it writes its scans to.
_Child = tuple[int, int]


def _fork(share: Sequence[Job], codec: Codec, collect: bool) -> _Child | None:
    """Start a process that scans `share`; None when none can be started."""
    try:
        read, write = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: never returns to the caller, whatever happens
        status = 1
        try:
            os.close(read)
            blob = marshal.dumps([codec.encode(scan) for scan in _scan_here(share, collect)])
            with os.fdopen(write, "wb") as out:
                out.write(blob)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _abandon(child: _Child | None) -> None:
    if child is None:
        return
    pid, read = child
    with contextlib.suppress(OSError):
        os.close(read)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)


def _collect(child: _Child | None, codec: Codec, expected: int) -> list[ModuleScan] | None:
    """The scans a child sent, decoded; None when it sent no whole answer."""
    if child is None:
        return None
    pid, read = child
    try:
        with os.fdopen(read, "rb") as pipe:
            blob = pipe.read()
    except OSError:
        blob = b""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 1
    if status != 0:
        return None
    try:
        encoded = marshal.loads(blob)
        if not isinstance(encoded, list) or len(encoded) != expected:
            return None
        return [codec.decode(item) for item in encoded]
    except (EOFError, ValueError, TypeError, IndexError):
        return None
