"""The scan cache: what it reuses, what it rescans, what it ignores, and that it never
changes a result. Every cache folder is in tmp_path; testdata/ is only read (copied)."""

from __future__ import annotations

import ast
import dataclasses
import json
import marshal
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Literal

import pytest

from flake8_dgdefs import cache as scan_cache
from flake8_dgdefs import cache_folder
from flake8_dgdefs.cache import LENGTH, CacheSettings, Codec, ScanCache, UnsupportedType
from flake8_dgdefs.discovery import Project, find_project
from flake8_dgdefs.project_map import ProjectMap
from flake8_dgdefs.scan import scan_source
from flake8_dgdefs.session import Session, _cache_options, build_map
from tests.helpers import TESTDATA, run_flake8
from tests.test_bad_input import FLAKE8_READS_NUL, NUL_BYTES

#: Files are dated this far back, so that the cache trusts them (see cache.RACY_NS).
PAST = time.time() - 3600

PYPROJECT = """\
[tool.dg]
directory_type = "project"

[tool.dg.project]
root_module = "proj"
"""
FILES = {
    "proj/__init__.py": "",
    "proj/definitions.py": (
        "import dagster as dg\n\nimport proj.defs\n\ndefs = dg.load_defs(proj.defs)\n"
    ),
    "proj/defs/__init__.py": "",
    "proj/defs/inside.py": "import dagster as dg\n\n\n@dg.asset\ndef inside() -> None: ...\n",
    "proj/legacy.py": "import dagster as dg\n\n\n@dg.asset\ndef outside() -> None: ...\n",
    "proj/helpers.py": "def helper() -> int:\n    return 1\n",
}


def _write(root: Path, relative: str, text: str, when: float = PAST) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    os.utime(path, (when, when))
    return path


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    _write(root, "pyproject.toml", PYPROJECT)
    for relative, text in FILES.items():
        _write(root, relative, text)
    return root


@pytest.fixture
def stats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "stats.jsonl"
    monkeypatch.setenv("DGDEFS_STATS", str(path))
    return path


def _records(stats: Path) -> list[dict[str, object]]:
    if not stats.exists():
        return []
    return [json.loads(line) for line in stats.read_text().splitlines()]


def _project(root: Path) -> Project:
    project = find_project(str(root / "proj" / "__init__.py"))
    assert project is not None
    return project


def _settings(tmp_path: Path) -> CacheSettings:
    return CacheSettings(directory=str(tmp_path / "cache"))


def _uncached(root: Path) -> ProjectMap:
    return build_map(_project(root), CacheSettings(enabled=False))


def _names(project_map: ProjectMap) -> dict[str, list[str | None]]:
    return {
        name: [d.name for d in module.scan.definitions]
        for name, module in project_map.modules.items()
    }


# -- reuse and invalidation -------------------------------------------------------------
def test_a_warm_build_scans_nothing_and_equals_a_fresh_one(
    project_dir: Path, tmp_path: Path, stats: Path
) -> None:
    settings = _settings(tmp_path)
    cold = build_map(_project(project_dir), settings)
    warm = build_map(_project(project_dir), settings)
    assert [r["scanned"] for r in _records(stats)] == [len(FILES), 0]
    assert cold == warm == _uncached(project_dir)


def test_a_changed_file_is_rescanned(project_dir: Path, tmp_path: Path, stats: Path) -> None:
    settings = _settings(tmp_path)
    build_map(_project(project_dir), settings)
    # Same size, other content: only the mtime tells.
    _write(project_dir, "proj/legacy.py", FILES["proj/legacy.py"].replace("outside", "changed"),
           PAST + 10)
    changed = build_map(_project(project_dir), settings)
    assert _records(stats)[-1]["scanned"] == 1
    assert _names(changed)["proj.legacy"] == ["changed"]
    assert changed == _uncached(project_dir)


def test_a_deleted_file_leaves_the_map(project_dir: Path, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    build_map(_project(project_dir), settings)
    (project_dir / "proj" / "legacy.py").unlink()
    after = build_map(_project(project_dir), settings)
    assert "proj.legacy" not in after.modules
    assert after == _uncached(project_dir)
    stored = ScanCache(settings, str(project_dir), _cache_options(_project(project_dir))).load()
    assert "proj/legacy.py" not in stored and "proj/defs/inside.py" in stored


def test_a_renamed_module_moves(project_dir: Path, tmp_path: Path, stats: Path) -> None:
    settings = _settings(tmp_path)
    build_map(_project(project_dir), settings)
    os.rename(project_dir / "proj" / "legacy.py", project_dir / "proj" / "defs" / "moved.py")
    after = build_map(_project(project_dir), settings)
    assert _records(stats)[-1]["scanned"] == 1
    assert "proj.legacy" not in after.modules
    assert _names(after)["proj.defs.moved"] == ["outside"]
    assert after.modules["proj.defs.moved"].path == "proj/defs/moved.py"
    assert after == _uncached(project_dir)


def test_a_file_written_just_now_is_not_trusted(
    project_dir: Path, tmp_path: Path, stats: Path
) -> None:
    """Within a clock tick, an edit of the same size keeps the mtime: rescan such files."""
    settings = _settings(tmp_path)
    _write(project_dir, "proj/legacy.py", FILES["proj/legacy.py"], time.time())
    build_map(_project(project_dir), settings)
    build_map(_project(project_dir), settings)
    assert [r["scanned"] for r in _records(stats)] == [len(FILES), 1]


def test_options_that_change_module_names_use_another_file(
    project_dir: Path, tmp_path: Path
) -> None:
    project = _project(project_dir)
    other = dataclasses.replace(project, defs_module="proj.elsewhere")
    first = ScanCache(_settings(tmp_path), str(project_dir), _cache_options(project))
    second = ScanCache(_settings(tmp_path), str(project_dir), _cache_options(other))
    assert first.path != second.path


# -- damaged, foreign and unwritable caches ----------------------------------------------
def _valid_blob(project_dir: Path, tmp_path: Path) -> tuple[ScanCache, bytes]:
    settings = _settings(tmp_path)
    build_map(_project(project_dir), settings)
    store = ScanCache(settings, str(project_dir), _cache_options(_project(project_dir)))
    return store, Path(store.path).read_bytes()


def _entries(valid: bytes) -> dict[str, tuple[object, ...]]:
    """A data file's entries, each scan decoded from its own marshal."""
    start = LENGTH.size + LENGTH.unpack_from(valid)[0]
    _, table = marshal.loads(valid[LENGTH.size:start])
    return {
        path: (size, mtime, name, is_package, marshal.loads(valid[start + at:start + at + n]))
        for path, (size, mtime, name, is_package, at, n) in table.items()
    }


def _pack(header: tuple[object, ...], entries: dict[str, tuple[object, ...]]) -> bytes:
    """A data file of these entries (an entry that is not five fields goes in as it is)."""
    table: dict[str, tuple[object, ...]] = {}
    scans: list[bytes] = []
    at = 0
    for path, entry in entries.items():
        if len(entry) != 5:
            table[path] = entry
            continue
        scan = marshal.dumps(entry[4])
        table[path] = (*entry[:4], at, len(scan))
        scans.append(scan)
        at += len(scan)
    head = marshal.dumps((header, table))
    return LENGTH.pack(len(head)) + head + b"".join(scans)


def _damaged(kind: str, valid: bytes, header: tuple[object, ...]) -> bytes:
    entries = _entries(valid)
    first = sorted(entries)[0]
    if kind == "empty":
        return b""
    if kind == "truncated":
        return valid[: len(valid) // 2]
    if kind == "garbage":
        return bytes(range(256)) * 4
    if kind == "json":
        return json.dumps({"proj/legacy.py": [1, 2]}).encode()
    if kind == "foreign marshal":
        return marshal.dumps({"version": 1, "modules": []})
    if kind == "other version":
        return _pack((*header[:2], "0.0.0", *header[3:]), entries)
    if kind == "bad entry":
        return _pack(header, {**entries, first: ("not", "an", "entry")})
    if kind == "bad offset":
        size, mtime, name, is_package, _ = entries[first]
        head = marshal.dumps((header, {first: (size, mtime, name, is_package, 10**9, 5)}))
        return LENGTH.pack(len(head)) + head
    if kind == "bad scan":
        size, mtime, name, is_package, _ = entries[first]
        return _pack(header, {**entries, first: (size, mtime, name, is_package, (1,))})
    if kind == "bad field":
        size, mtime, name, is_package, scan = entries[first]
        broken = ((("x",),), *scan[1:])  # type: ignore[index]  # one field instead of nine
        return _pack(header, {**entries, first: (size, mtime, name, is_package, broken)})
    raise AssertionError(kind)


DAMAGE = [
    "empty", "truncated", "garbage", "json", "foreign marshal", "other version", "bad entry",
    "bad offset", "bad scan", "bad field",
]


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_or_foreign_cache_file_is_ignored_and_rebuilt(
    project_dir: Path, tmp_path: Path, stats: Path, kind: str
) -> None:
    store, valid = _valid_blob(project_dir, tmp_path)
    Path(store.path).write_bytes(_damaged(kind, valid, store.header))
    again = build_map(_project(project_dir), _settings(tmp_path))
    assert again == _uncached(project_dir)
    assert _records(stats)[-1]["scanned"] >= 1
    # ... and the rebuild wrote a good file again: the next build scans nothing.
    build_map(_project(project_dir), _settings(tmp_path))
    assert _records(stats)[-1]["scanned"] == 0


def test_a_cache_folder_that_is_a_file_means_no_cache(
    project_dir: Path, tmp_path: Path, stats: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    for folder in (blocker, blocker / "below"):
        settings = CacheSettings(directory=str(folder))
        assert build_map(_project(project_dir), settings) == _uncached(project_dir)
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root writes to read-only folders"
)
def test_a_read_only_cache_folder_gives_the_same_results(
    project_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        settings = CacheSettings(directory=str(folder))
        assert build_map(_project(project_dir), settings) == _uncached(project_dir)
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o755)


def test_a_read_only_cache_file_is_still_read(
    project_dir: Path, tmp_path: Path, stats: Path
) -> None:
    """A cache shipped read-only (CI image, shared volume): used, never rewritten."""
    store, _ = _valid_blob(project_dir, tmp_path)
    os.chmod(store.path, 0o444)
    warm = build_map(_project(project_dir), _settings(tmp_path))
    assert _records(stats)[-1]["scanned"] == 0
    assert warm == _uncached(project_dir)


def test_the_cache_folder_is_tagged_and_nothing_else_is_written(
    project_dir: Path, tmp_path: Path
) -> None:
    before = sorted(str(p.relative_to(project_dir)) for p in project_dir.rglob("*"))
    build_map(_project(project_dir), CacheSettings())  # default: inside the project
    after = sorted(str(p.relative_to(project_dir)) for p in project_dir.rglob("*"))
    added = sorted(set(after) - set(before))
    assert added[:3] == [".dgdefs_cache", ".dgdefs_cache/.gitignore", ".dgdefs_cache/CACHEDIR.TAG"]
    assert all(name.startswith(".dgdefs_cache/scans-") for name in added[3:])
    folder = project_dir / ".dgdefs_cache"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55"
    )


def test_a_project_without_dagster_settings_gets_no_default_cache(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    _write(root, "setup.py", "")
    _write(root, "pkg/__init__.py", "")
    _write(root, "pkg/mod.py", "x = 1\n")
    project = find_project(str(root / "pkg" / "mod.py"))
    assert project is not None and project.config_file is None
    build_map(project, CacheSettings())
    assert not (root / ".dgdefs_cache").exists()


# -- settings ----------------------------------------------------------------------------
def test_the_option_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache_folder.ENV_DIR, str(tmp_path / "from_env"))
    assert CacheSettings.from_options(False, None).directory == str(tmp_path / "from_env")
    chosen = CacheSettings.from_options(False, str(tmp_path / "chosen"))
    assert chosen.directory == str(tmp_path / "chosen")
    assert not CacheSettings.from_options(True, None).enabled
    monkeypatch.delenv(cache_folder.ENV_DIR)
    assert CacheSettings.from_options(False, None).directory is None


# -- the codec ---------------------------------------------------------------------------
def test_every_testdata_scan_survives_the_round_trip() -> None:
    codec = scan_cache.codec()
    assert codec is not None
    count = 0
    for path in TESTDATA.rglob("*.py"):
        scan = scan_source(path.read_bytes(), "pkg.defs.module")
        encoded = codec.encode(scan)
        # The encoder generated from the type hints makes what looking at each value makes.
        assert repr(encoded) == repr(codec.plain(scan)), path
        assert marshal.loads(marshal.dumps(encoded)) == encoded
        assert codec.decode(encoded) == scan, path
        count += 1
    assert count > 20


@dataclasses.dataclass(frozen=True)
class _Inner:
    flag: bool
    value: object = None


@dataclasses.dataclass(frozen=True)
class _Outer:
    items: tuple[_Inner, ...] = ()
    maybe: _Inner | None = None
    pair: tuple[int, str] = (0, "")
    listed: list[_Inner] = dataclasses.field(default_factory=list)
    mode: Literal["a", "b"] = "a"


@dataclasses.dataclass(frozen=True)
class _Unsupported:
    names: set[str]


def test_the_codec_follows_added_fields_and_keeps_types_apart() -> None:
    codec = Codec(_Outer)
    items = (_Inner(True, 1), _Inner(True, True), _Inner(False, 1.0))
    value = _Outer(items, _Inner(False), (1, "a"), [_Inner(True)], "b")
    encoded = codec.encode(value)
    assert repr(encoded) == repr(codec.plain(value))
    decoded = codec.decode(marshal.loads(marshal.dumps(encoded)))
    assert decoded == value
    assert [type(item.value) for item in decoded.items] == [int, bool, float]
    assert "_Inner(flag: <class 'bool'>, value: <class 'object'>)" in codec.fingerprint
    assert Codec(_Inner).fingerprint != codec.fingerprint
    with pytest.raises(UnsupportedType):
        Codec(_Unsupported)


# -- the editor's buffer and the flake8 adapter -----------------------------------------
def test_the_buffer_wins_over_the_cached_scan(project_dir: Path, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    build_map(_project(project_dir), settings)  # warm
    path = str(project_dir / "proj" / "legacy.py")
    session = Session(cache=settings)
    assert [v.message[:6] for v in session.lint(path, ast.parse(FILES["proj/legacy.py"]))] == [
        "DGD101"
    ]
    assert session.lint(path, ast.parse("x = 1\n")) == []
    # The first buffer reads as the file: it is checked against the disk map's model; the
    # second against its own map's (not kept: only the disk map's model is).
    assert len(session.modelled) == 1
    # flake8 read the file from disk, and the disk changed after the map was built.
    _write(project_dir, "proj/legacy.py", "y = 2\n", PAST + 20)
    assert session.lint(path, ast.parse("y = 2\n"), from_disk=True) == []


def _flake8(
    *args: str, cwd: Path, cache: Path | None, stats: Path | None = None, stderr: bool = True
) -> list[str]:
    options = [f"--dg-cache-dir={cache}"] if cache else ["--dg-no-cache"]
    env = {"DGDEFS_STATS": str(stats)} if stats else {}
    old = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        result = run_flake8(*options, *args, cwd=cwd, select="DGD,E999")
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    warnings = sorted(result.stderr.splitlines()) if stderr else []
    return sorted(result.stdout.splitlines()) + warnings


@pytest.fixture
def testdata_copy(tmp_path: Path) -> Path:
    """All of testdata, dated in the past so that the cache trusts every file."""
    copy = tmp_path / "testdata"
    shutil.copytree(TESTDATA, copy, ignore=shutil.ignore_patterns("__pycache__", ".dgdefs_cache"))
    if not FLAKE8_READS_NUL:  # flake8 itself fails on NUL bytes there (see test_bad_input)
        (copy / "bad_input" / "project" / NUL_BYTES).unlink()
    for path in copy.rglob("*"):
        os.utime(path, (PAST, PAST))
    return copy


def _projects(root: Path) -> list[Path]:
    return sorted(
        {p.parent for name in ("pyproject.toml", "dg.toml") for p in root.rglob(name)}
    )


def test_flake8_output_is_the_same_with_and_without_the_cache_on_every_project(
    testdata_copy: Path, tmp_path: Path
) -> None:
    """One flake8 run over all of testdata lints every project, each found from its files."""
    assert len(_projects(testdata_copy)) > 5
    cache = tmp_path / "cache"
    stats = tmp_path / "stats.jsonl"
    plain = _flake8("--jobs=1", ".", cwd=testdata_copy, cache=None)
    assert any(" DGD" in line for line in plain)
    cold = _flake8("--jobs=1", ".", cwd=testdata_copy, cache=cache)
    answered = _flake8("--jobs=1", ".", cwd=testdata_copy, cache=cache, stats=stats)
    assert _records(stats) == []  # each project's index answered every file: no map built
    for data in cache.glob("answers-*.marshal"):
        data.unlink()
    warm = _flake8("--jobs=1", ".", cwd=testdata_copy, cache=cache, stats=stats)
    # Each --jobs worker warns about a broken project once, and their lines may interleave:
    # compare flake8's report only.
    parallel = _flake8("--jobs=2", ".", cwd=testdata_copy, cache=cache, stderr=False)
    assert plain == cold == answered == warm
    assert parallel == [line for line in plain if not line.startswith("flake8-dgdefs: ")]
    records = _records(stats)
    assert len(records) >= len(_projects(testdata_copy)) // 2
    assert sum(int(r["scanned"]) for r in records) == 0  # every warm build read the cache
    assert not list(testdata_copy.rglob(".dgdefs_cache"))


def test_one_file_and_stdin_give_the_same_with_and_without_the_cache(
    testdata_copy: Path, tmp_path: Path
) -> None:
    project = testdata_copy / "guide_before"
    target = "my_existing_project/elt/assets.py"
    source = (project / target).read_text()
    cache = tmp_path / "cache"
    plain_file = _flake8(target, cwd=project, cache=None)
    assert plain_file and plain_file == _flake8(target, cwd=project, cache=cache)
    options = ["--dg-cache-dir", str(cache), "--stdin-display-name", target, "-"]
    from_stdin = run_flake8(*options, cwd=project, stdin=source)
    assert sorted(from_stdin.stdout.splitlines()) == plain_file
    moved = run_flake8(*options, cwd=project, stdin="x = 1\n")
    assert moved.stdout == ""  # the buffer, not the cached disk copy


def test_jobs_2_builds_each_map_once(testdata_copy: Path, tmp_path: Path) -> None:
    stats = tmp_path / "stats.jsonl"
    project = testdata_copy / "guide_before"
    cache = tmp_path / "cache"
    for run, builds in (("cold", 1), ("answered by the index", 0), ("warm", 1)):
        stats.unlink(missing_ok=True)
        _flake8("--jobs=2", ".", cwd=project, cache=cache, stats=stats)
        assert len(_records(stats)) == builds, run  # built before the workers fork
        if not builds:  # the next run builds the map from the scans
            for data in cache.glob("answers-*.marshal"):
                data.unlink()
    stats.unlink()
    _flake8("--jobs=2", ".", cwd=project, cache=None, stats=stats)
    assert len(_records(stats)) == 1


def test_jobs_2_from_above_the_projects_scans_each_project_once(
    testdata_copy: Path, tmp_path: Path
) -> None:
    """Projects below a folder argument are found by the workers; the lock makes the
    second worker wait for the first and read what it wrote."""
    stats = tmp_path / "stats.jsonl"
    root = testdata_copy / "projects"
    _flake8("--jobs=2", ".", cwd=root, cache=tmp_path / "cache", stats=stats)
    scanned: dict[str, int] = {}
    for record in _records(stats):
        if record["scanned"]:
            scanned[str(record["project"])] = scanned.get(str(record["project"]), 0) + 1
    assert scanned and set(scanned.values()) == {1}


def test_a_tree_run_after_an_edit_gives_what_a_run_without_the_cache_gives(
    testdata_copy: Path, tmp_path: Path
) -> None:
    """The index answers an unchanged tree; a module copied into defs (its assets, still
    loaded by hand, now loaded twice) changes another file's findings, and the next run
    sees it."""
    project = testdata_copy / "guide_before"
    cache, stats = tmp_path / "cache", tmp_path / "stats.jsonl"
    before = _flake8("--jobs=1", ".", cwd=project, cache=cache)
    assert before == _flake8("--jobs=1", ".", cwd=project, cache=cache, stats=stats)
    assert not stats.exists()  # answered by the index: no map built
    one = "my_existing_project/elt/assets.py"
    alone = _flake8(one, cwd=project, cache=cache, stats=stats)  # the tree run's answer
    assert not stats.exists()
    assert alone == sorted(line[2:] for line in before if line.startswith(f"./{one}:"))
    source = project / one
    copy = project / "my_existing_project" / "defs" / "assets_copy.py"
    copy.write_text(source.read_text())
    os.utime(copy, (PAST + 60, PAST + 60))
    os.utime(copy.parent, (PAST + 60, PAST + 60))
    after = _flake8("--jobs=1", ".", cwd=project, cache=cache, stats=stats)
    assert after == _flake8("--jobs=1", ".", cwd=project, cache=None)
    root = "./my_existing_project/definitions.py:"  # unchanged, with a new finding
    assert [line for line in after if line.startswith(root) and "DGD401" in line]
    assert not [line for line in before if line.startswith(root) and "DGD401" in line]
    assert len(_records(stats)) == 1


def test_an_editor_buffer_read_like_a_seen_one_is_answered_from_the_index(
    testdata_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A comment changes nothing the scan reads: the stored answer holds, no map is built.
    A new asset changes the scan: the model is built, with the new asset's line."""
    project = testdata_copy / "guide_before"
    target = "my_existing_project/elt/assets.py"
    source = (project / target).read_text()
    stats = tmp_path / "stats.jsonl"
    monkeypatch.setenv("DGDEFS_STATS", str(stats))
    editor = [f"--dg-cache-dir={tmp_path / 'cache'}", "--stdin-display-name", target, "-"]

    def lint(text: str, *options: str) -> tuple[str, bool]:
        stats.unlink(missing_ok=True)
        out = run_flake8(*options, *editor, cwd=project, stdin=text).stdout
        return out, stats.exists()

    first, built = lint(source)
    assert " DGD101 " in first and built
    assert lint(source + "\n# a note\n") == (first, False)
    added = source + "\n\n@dg.asset\ndef extra_table() -> None: ...\n"
    found, built = lint(added)
    assert built and found != first and "'extra_table'" in found
    assert found == lint(added, "--dg-no-cache")[0]
