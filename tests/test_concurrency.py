"""The cache under load and under damage, and a linter that writes nothing but its cache.

Real flake8 runs on a copy of testdata/bad_input/project (whose files are dated an hour
back, so that the cache trusts them: see cache.RACY_NS). The reference output is a run
with --dg-no-cache; every other run must print exactly that.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from flake8_dgdefs.cache_folder import FOLDER
from tests.helpers import TESTDATA, copy_dated

PROJECT = TESTDATA / "bad_input" / "project"
FLAKE8 = [sys.executable, "-m", "flake8", "--isolated", "--select=DGD,E902,E999"]
NOBODY = 65534


def copy_project(destination: Path) -> Path:
    # nul_bytes.py: some Pythons make flake8 itself fail on it (see test_bad_input.py).
    return copy_dated(PROJECT, destination / "project", "nul_bytes.py")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


@pytest.fixture
def stats(tmp_path: Path) -> Path:
    return tmp_path / "stats.jsonl"


def environment(stats: Path | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DGDEFS_")}
    env.update(PYTHONDONTWRITEBYTECODE="1", **extra)
    if stats is not None:
        env["DGDEFS_STATS"] = str(stats)
    return env


def flake8(
    *args: str, cwd: Path, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()
) -> str:
    result = subprocess.run(
        [*prefix, *FLAKE8, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env or environment(),
        timeout=300,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == "", result.stderr
    return result.stdout


def reference(project: Path) -> str:
    out = flake8("--dg-no-cache", ".", cwd=project)
    assert ": DGD101 " in out and ": E999 " in out
    assert not (project / FOLDER).exists()
    return out


def scanned(stats: Path) -> list[int]:
    """How many modules each map build since the last call had to scan (not from cache)."""
    if not stats.exists():
        return []
    records = [json.loads(line) for line in stats.read_text().splitlines()]
    stats.unlink()
    return [int(record["scanned"]) for record in records]


def cache_files(project: Path) -> list[Path]:
    return sorted((project / FOLDER).glob("scans-*.marshal"))


def drop_indexes(folder: Path) -> None:
    """Remove the index's answers: the next run over the tree builds the map from the scans."""
    for path in folder.glob("answers-*.marshal"):
        path.unlink()


# -- 8 runs at once ----------------------------------------------------------------------------
def test_eight_concurrent_runs_give_identical_output_and_a_valid_cache(
    project: Path, stats: Path
) -> None:
    expected = reference(project)
    env = environment(stats)
    runs = [
        subprocess.Popen(
            [*FLAKE8, f"--jobs={1 + n % 2}", "."],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(8)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs):
        assert "Traceback" not in err and err == "", err
        assert run.returncode == 1
        assert out == expected
    assert sum(scanned(stats)) >= 1
    # A valid cache is left: one data file of scans, one of answers, the editor's (empty)
    # and one of the model's summary, no temporary files; the next run reads the answers,
    # and a warm run without them scans nothing.
    names = sorted(path.name for path in (project / FOLDER).iterdir())
    others = [n for n in names if not n.startswith("scans-")]
    assert others[:2] == [".gitignore", "CACHEDIR.TAG"] and len(others) == 5
    for name, kind in zip(others[2:], ("answers-", "index-", "model-")):
        assert name.startswith(kind) and name.endswith(".marshal")
    assert len(cache_files(project)) == 1
    assert all(n.endswith((".marshal", ".marshal.lock")) for n in names if n.startswith("scans-"))
    assert flake8("--jobs=2", ".", cwd=project, env=env) == expected
    assert scanned(stats) == []
    drop_indexes(project / FOLDER)
    assert flake8("--jobs=2", ".", cwd=project, env=env) == expected
    assert set(scanned(stats)) == {0}


def test_concurrent_runs_on_two_projects_sharing_one_cache_folder(tmp_path: Path) -> None:
    """DGDEFS_CACHE_DIR shared by two projects (one a moved copy): each keeps its output."""
    first = copy_project(tmp_path / "a")
    second = copy_project(tmp_path / "b")
    (second / "bad_project" / "legacy" / "cycle_y.py").unlink()
    expected = {first: reference(first), second: reference(second)}
    assert expected[first] != expected[second]
    env = environment(DGDEFS_CACHE_DIR=str(tmp_path / "cache"))
    runs = [
        (root, subprocess.Popen(
            [*FLAKE8, "--jobs=2", "."], cwd=root, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=env,
        ))
        for root in (first, second) * 4
    ]
    for root, run in runs:
        out, err = run.communicate(timeout=300)
        assert err == "" and out == expected[root]
    assert len(list((tmp_path / "cache").glob("scans-*.marshal"))) == 2
    assert not (first / FOLDER).exists() and not (second / FOLDER).exists()


# -- a damaged cache -----------------------------------------------------------------------
DAMAGE = {
    "empty": lambda data: b"",
    "truncated": lambda data: data[: len(data) // 2],
    "garbage": lambda data: os.urandom(len(data)),
    "text": lambda data: b"{not: a cache}\n",
    "flipped byte": lambda data: data[:40] + bytes([data[40] ^ 0xFF]) + data[41:],
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_cache_file_gives_the_same_output(
    project: Path, stats: Path, damage: str
) -> None:
    expected = reference(project)
    env = environment(stats)
    assert flake8(".", cwd=project, env=env) == expected
    [data_file] = cache_files(project)
    data_file.write_bytes(DAMAGE[damage](data_file.read_bytes()))
    drop_indexes(project / FOLDER)
    scanned(stats)
    assert flake8("--jobs=2", ".", cwd=project, env=env) == expected
    drop_indexes(project / FOLDER)
    assert flake8("--jobs=1", "bad_project/legacy/assets.py", cwd=project, env=env) == "".join(
        line + "\n" for line in expected.splitlines() if "/legacy/assets.py:" in line
    ).replace("./", "")
    # The damaged file was replaced by a good one: the last run scanned nothing.
    assert scanned(stats)[-1] == 0


def test_a_cache_folder_that_is_a_file(project: Path, tmp_path: Path) -> None:
    expected = reference(project)
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    for folder in (blocker, blocker / "below"):
        assert flake8(f"--dg-cache-dir={folder}", "--jobs=2", ".", cwd=project) == expected
    assert blocker.read_text() == "not a folder"
    assert not (project / FOLDER).exists()


@pytest.fixture
def shared_project() -> Iterator[Path]:
    """A copy other users can read but not write (tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="dgdefs-concurrency-"))
    folder.chmod(0o755)
    try:
        yield copy_project(folder)
    finally:
        shutil.rmtree(folder)


def _as_nobody() -> tuple[str, ...]:
    """A prefix that runs a command as `nobody`, or () when this user cannot be bypassed."""
    if os.geteuid() != 0:
        return ()
    prefix = ("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import flake8, flake8_dgdefs"],
        capture_output=True,
        check=False,
    )
    if shutil.which("setpriv") is None or probe.returncode != 0:
        pytest.skip("root writes to read-only folders, and setpriv cannot drop to nobody")
    return prefix


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_cache_folder(shared_project: Path) -> None:
    """Cold: nothing can be written, same output. Warm: the cache is read, never rewritten."""
    prefix = _as_nobody()
    expected = reference(shared_project)
    os.chmod(shared_project, 0o555)  # no .dgdefs_cache can be made
    try:
        assert flake8(".", cwd=shared_project, prefix=prefix) == expected
        assert not (shared_project / FOLDER).exists()
    finally:
        os.chmod(shared_project, 0o755)
    assert flake8(".", cwd=shared_project) == expected  # the owner fills the cache
    folder = shared_project / FOLDER
    drop_indexes(folder)  # so that the scans are read (and the answers cannot be stored)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    folder.chmod(0o555)
    for path in folder.iterdir():
        path.chmod(0o444)
    stats = folder.parent.parent / "stats.jsonl"
    stats.touch()
    stats.chmod(0o666)
    env = environment(stats)
    try:
        assert flake8("--jobs=2", ".", cwd=shared_project, env=env, prefix=prefix) == expected
    finally:
        folder.chmod(0o755)
    assert set(scanned(stats)) == {0}
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


# -- nothing written outside the cache folder --------------------------------------------------
def snapshot(root: Path) -> dict[str, tuple[int, int, str] | None]:
    """Every path below root: files with size, mtime and content hash; folders as None."""
    found: dict[str, tuple[int, int, str] | None] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_dir() and not path.is_symlink():
            found[relative] = None
        else:
            info = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
            found[relative] = (info.st_size, info.st_mtime_ns, digest)
    return found


def changes_outside(before: dict[str, object], after: dict[str, object], folder: str) -> list[str]:
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    return sorted(p for p in changed if p != folder and not p.startswith(folder + "/"))


def test_nothing_is_written_outside_the_cache_folder(project: Path) -> None:
    """Cold, warm, --jobs=2, one file, stdin and `list`, with bytecode writing left on: only
    .dgdefs_cache may change (no __pycache__ either: nothing of the project is imported)."""
    env = {k: v for k, v in environment().items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = snapshot(project)
    buffer = (project / "bad_project" / "legacy" / "assets.py").read_text()
    for args, stdin in (
        ([".", "--jobs=1"], None),
        ([".", "--jobs=2"], None),
        (["bad_project/definitions.py"], None),
        (["--stdin-display-name=bad_project/legacy/assets.py", "-"], buffer),
    ):
        result = subprocess.run(
            [*FLAKE8, *args], cwd=project, input=stdin, capture_output=True, text=True,
            env=env, timeout=300, check=False,
        )
        assert result.returncode in (0, 1) and result.stderr == "", result.stderr
    for args in (["list", "."], ["list", "--json", "."]):
        subprocess.run(
            [sys.executable, "-m", "flake8_dgdefs", *args], cwd=project, capture_output=True,
            env=env, timeout=300, check=False,
        )
    after = snapshot(project)
    assert changes_outside(before, after, FOLDER) == []
    assert FOLDER in after  # the cache itself was written, where it belongs


def test_a_cache_elsewhere_leaves_the_project_untouched(project: Path, tmp_path: Path) -> None:
    expected = reference(project)
    before = snapshot(project)
    env = environment(DGDEFS_CACHE_DIR=str(tmp_path / "cache"))
    assert flake8("--jobs=2", ".", cwd=project, env=env) == expected
    assert snapshot(project) == before
    assert list((tmp_path / "cache").glob("scans-*.marshal"))
