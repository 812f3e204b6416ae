"""Scanning files shared with forked processes gives what scanning them here gives."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from flake8_dgdefs import cache, scanning
from flake8_dgdefs.model import ModuleScan

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="files are shared with forked processes on Linux"
)


def _jobs() -> list[scanning.Job]:
    paths = sorted(TESTDATA.rglob("*.py"))
    jobs = [(str(path), f"pkg.m{i}", path.name == "__init__.py") for i, path in enumerate(paths)]
    jobs.append((str(TESTDATA / "no such file.py"), "pkg.missing", False))
    assert len(jobs) > 40
    return jobs


FORKED: list[int] = []


def _children_left() -> bool:
    """Whether a process forked by the test is running or was not waited for."""
    for pid in FORKED:
        try:
            os.waitpid(pid, os.WNOHANG)
            return True
        except ChildProcessError:
            continue
    return False


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Share even a few files: between three processes; remember the forked ones."""
    monkeypatch.setattr(scanning, "MIN_SHARE", 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    fork = os.fork
    FORKED.clear()

    def recorded() -> int:
        pid = fork()
        if pid:
            FORKED.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded)


def test_shared_scans_are_the_scans_made_here(shared: None) -> None:
    jobs = _jobs()
    assert scanning._processes(len(jobs)) == 3
    here = [scanning.scan_file(*job) for job in jobs]
    assert scanning.scan_files(jobs, cache.codec(), collect=True) == here
    assert len(FORKED) == 2
    assert here[-1].error is not None and here[-1].error.startswith("cannot be read")
    assert not _children_left()


def test_a_share_that_does_not_come_back_is_scanned_here(
    shared: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = _jobs()
    here = [scanning.scan_file(*job) for job in jobs]
    codec = cache.codec()
    assert codec is not None
    parent = os.getpid()

    def encode(value: object) -> object:
        if os.getpid() != parent:
            raise MemoryError("the child fails")
        return value

    monkeypatch.setattr(codec, "encode", encode)
    assert scanning.scan_files(jobs, codec, collect=False) == here
    assert not _children_left()


def test_an_interrupted_scan_leaves_no_process(
    shared: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent, scan = os.getpid(), scanning.scan_file

    def interrupted(path: str, name: str, is_package: bool) -> ModuleScan:
        if os.getpid() == parent:
            raise KeyboardInterrupt
        return scan(path, name, is_package)

    monkeypatch.setattr(scanning, "scan_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        scanning.scan_files(_jobs(), cache.codec(), collect=False)
    assert not _children_left()


def test_nothing_is_forked_from_a_process_with_threads(shared: None) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert scanning._processes(1000) == 1
    finally:
        stop.set()
        thread.join()
    assert scanning._processes(1000) == 3
    assert scanning._processes(2) == 2
