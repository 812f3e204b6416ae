"""The editor's index (flake8_dgdefs/index.py): an answer is given back only for exactly
the inputs it was stored with; any change to the tree, the settings, the options or the
text misses. End-to-end runs through flake8 are in tests/test_editor_matrix.py."""

from __future__ import annotations

import marshal
import os
import time
from pathlib import Path
from typing import Callable

import pytest

from flake8_dgdefs import index
from flake8_dgdefs.index import Place

#: Files are dated this far back, so that the index trusts their stamps (cache_folder.RACY_NS).
PAST_NS = time.time_ns() - 3_600 * 10**9
OPTIONS = (None, None, False, "/work")
FINDINGS = [(3, 0, "DGD401 asset 'b' defines asset key 'a' ...")]


def _date(path: Path) -> None:
    for item in [path, *path.rglob("*")]:
        os.utime(item, ns=(PAST_NS, PAST_NS))


def _store(
    place: Place, path: Path, text: str, cache: str | None, findings: list[index.Finding] = FINDINGS
) -> None:
    """Store an answer made from the tree as it is now."""
    index.store(place, str(path), text, OPTIONS, cache, findings, index.fingerprint(place))


@pytest.fixture
def project(tmp_path: Path) -> tuple[Place, Path, Path]:
    root = tmp_path / "proj"
    (root / "src" / "shop" / "defs").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.dg]\ndirectory_type = "project"\n')
    (root / "src" / "shop" / "__init__.py").write_text("")
    (root / "src" / "shop" / "defs" / "__init__.py").write_text("")
    linted = root / "src" / "shop" / "defs" / "orders.py"
    linted.write_text("import dagster as dg\n")
    other = root / "src" / "shop" / "defs" / "refunds.py"
    other.write_text("import dagster as dg\n")
    _date(root)
    cache = tmp_path / "cache"
    place = Place(str(root), str(root / "src"), "shop")
    _store(place, linted, "buffer", str(cache))
    return place, linted, cache


def _lookup(linted: Path, cache: Path, text: str = "buffer", options: object = OPTIONS) -> object:
    return index.lookup(str(linted), text, options, str(cache))  # type: ignore[arg-type]


def test_the_same_text_and_tree_get_the_stored_findings(project: tuple[Place, Path, Path]) -> None:
    _, linted, cache = project
    assert _lookup(linted, cache) == FINDINGS
    assert _lookup(linted, cache, text="buffer changed") is None
    assert _lookup(linted, cache, options=(None, "shop.other", False, "/work")) is None
    assert _lookup(linted.parent / "refunds.py", cache) is None  # not stored


def _edit(path: Path) -> None:
    path.write_text(path.read_text() + "x = 1\n")
    os.utime(path, ns=(PAST_NS + 10**9, PAST_NS + 10**9))


CHANGES: dict[str, Callable[[Path], None]] = {
    "another module edited": lambda root: _edit(root / "src/shop/defs/refunds.py"),
    "the linted file saved": lambda root: _edit(root / "src/shop/defs/orders.py"),
    "a module added": lambda root: (root / "src/shop/defs/new.py").write_text(""),
    "a module deleted": lambda root: (root / "src/shop/defs/refunds.py").unlink(),
    "a module renamed": lambda root: (root / "src/shop/defs/refunds.py").rename(
        root / "src/shop/defs/returns.py"
    ),
    "a package added": lambda root: (root / "src/shop/defs/sub").mkdir()
    or (root / "src/shop/defs/sub/__init__.py").write_text(""),
    "a defs.yaml added": lambda root: (root / "src/shop/defs/defs.yaml").write_text("type: x\n"),
    "pyproject.toml edited": lambda root: _edit(root / "pyproject.toml"),
    "dg.toml added": lambda root: (root / "dg.toml").write_text(""),
    "src/ settings added": lambda root: (root / "src/pyproject.toml").write_text(""),
    "a .git folder added": lambda root: (root / ".git").mkdir(),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_to_what_the_model_reads_misses(
    project: tuple[Place, Path, Path], change: str
) -> None:
    place, linted, cache = project
    CHANGES[change](Path(place.project_dir))
    assert _lookup(linted, cache) is None


def test_the_last_texts_of_a_file_are_remembered(project: tuple[Place, Path, Path]) -> None:
    """An editor goes back and forth (the saved text, unsaved ones, an undo)."""
    place, linted, cache = project
    for n in range(index.TEXTS - 1):
        _store(place, linted, f"text {n}", str(cache), [(n, 0, "DGD101")])
    assert _lookup(linted, cache) == FINDINGS  # the first text is still there
    assert _lookup(linted, cache, text="text 0") == [(0, 0, "DGD101")]
    _store(place, linted, "one more", str(cache), [])
    assert _lookup(linted, cache) is None  # the oldest text made room
    assert _lookup(linted, cache, text="one more") == []


def test_what_the_model_does_not_read_changes_nothing(project: tuple[Place, Path, Path]) -> None:
    place, linted, cache = project
    root = Path(place.project_dir)
    (root / "README.md").write_text("notes")
    (root / "src/shop/defs/data.csv").write_text("a,b")
    (root / "src/shop/defs/__pycache__").mkdir()
    (root / "src/shop/defs/__pycache__/orders.cpython-311.pyc").write_bytes(b"x")
    assert _lookup(linted, cache) == FINDINGS
    (root / ".git").mkdir()
    _store(place, linted, "buffer", str(cache))
    (root / ".git" / "index").write_text("git wrote")  # every git command writes here
    assert _lookup(linted, cache) == FINDINGS


def test_a_file_changed_too_recently_is_not_stored(project: tuple[Place, Path, Path]) -> None:
    place, linted, cache = project
    (Path(place.project_dir) / "src/shop/defs/refunds.py").write_text("# just now\n")
    _store(place, linted, "buffer", str(cache))
    assert _lookup(linted, cache) is None
    _date(Path(place.project_dir))
    _store(place, linted, "buffer", str(cache))
    assert _lookup(linted, cache) == FINDINGS


def test_a_damaged_or_foreign_file_is_no_answer(project: tuple[Place, Path, Path]) -> None:
    _, linted, cache = project
    [data] = list(cache.glob("index-*.marshal"))
    for content in (b"", b"\x00garbage", data.read_bytes()[:20]):
        data.write_bytes(content)
        assert _lookup(linted, cache) is None


def test_the_per_project_folder_is_used_without_an_option(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "shop").mkdir(parents=True)
    linted = root / "shop" / "assets.py"
    linted.write_text("")
    _date(root)
    place = Place(str(root), str(root), "shop")
    _store(place, linted, "text", None)
    assert (root / ".dgdefs_cache" / "CACHEDIR.TAG").is_file()
    assert index.lookup(str(linted), "text", OPTIONS, None) == FINDINGS
    outside = root / "tests" / "test_x.py"
    _store(place, outside, "text", None)
    assert index.lookup(str(outside), "text", OPTIONS, None) is None


def test_an_answer_made_before_an_edit_is_not_stored(project: tuple[Place, Path, Path]) -> None:
    """The model was built from the tree whose fingerprint was `before`; a module edited
    since (and dated in the past, as a checkout can) must not get the old answer."""
    place, linted, cache = project
    [data] = list(cache.glob("index-*.marshal"))
    stored = data.read_bytes()
    before = index.fingerprint(place)
    _edit(Path(place.project_dir) / "src/shop/defs/refunds.py")
    index.store(place, str(linted), "other", OPTIONS, str(cache), [], before)
    found = {str(linted): ((1, PAST_NS), FINDINGS)}
    index.answers(place, OPTIONS, str(cache), found, before)
    assert data.read_bytes() == stored
    index.store(place, str(linted), "other", OPTIONS, str(cache), [], index.fingerprint(place))
    assert data.read_bytes() != stored


def test_answers_of_files_on_disk_are_found_by_their_stamp(
    project: tuple[Place, Path, Path],
) -> None:
    place, linted, cache = project
    other = linted.parent / "refunds.py"
    fresh, before = index.look(place, OPTIONS, str(cache))
    assert fresh is None and before is not None  # only the fixture's editor answer so far
    stamps = {path: (path.stat().st_size, path.stat().st_mtime_ns) for path in (linted, other)}
    found = {str(linted): (stamps[linted], FINDINGS), str(other): (stamps[other], [])}
    stored = index.answers(place, OPTIONS, str(cache), found, before)
    assert stored.on_disk(str(other)) == []
    fresh, _ = index.look(place, OPTIONS, str(cache))
    assert fresh is not None
    assert fresh.on_disk(str(linted)) == FINDINGS
    assert fresh.on_disk(str(other)) == []
    assert fresh.findings(str(linted), "buffer") is None  # answers by stamp: no text
    # The editor's answers are kept in a file of their own; it reads those by stamp only
    # for a file read from disk.
    editor = index.fresh(str(linted), OPTIONS, str(cache))
    assert editor is not None and editor.answers_at is not None
    assert editor.findings(str(linted), "buffer") == FINDINGS
    assert str(other) not in editor.entries
    assert editor.on_disk(str(other)) == []
    os.utime(other, ns=(PAST_NS + 5, PAST_NS + 5))  # its stamp changed: the tree too
    assert index.look(place, OPTIONS, str(cache))[0] is None
    assert index.fresh(str(linted), OPTIONS, str(cache)).entries == {}  # type: ignore[union-attr]
    assert stored.on_disk(str(other)) is None  # in this process: the stamp decides
    assert editor.on_disk(str(other)) is None


def test_a_tree_with_a_recent_file_gives_no_fingerprint_to_store_with(
    project: tuple[Place, Path, Path],
) -> None:
    place, linted, cache = project
    (Path(place.project_dir) / "src/shop/defs/new.py").write_text("")
    fresh, before = index.look(place, OPTIONS, str(cache))
    assert fresh is None and before is None
    stamp = (linted.stat().st_size, linted.stat().st_mtime_ns)
    stored = index.answers(place, OPTIONS, str(cache), {str(linted): (stamp, [])}, before)
    assert stored.on_disk(str(linted)) == []  # usable in this process, not stored
    _date(Path(place.project_dir))
    assert index.look(place, OPTIONS, str(cache))[0] is None


def test_a_text_whose_scan_was_seen_gets_that_text_s_findings(
    project: tuple[Place, Path, Path],
) -> None:
    place, linted, cache = project
    index.store(
        place, str(linted), "seen", OPTIONS, str(cache), FINDINGS, index.fingerprint(place),
        b"scan digest 1",
    )
    fresh = index.fresh(str(linted), OPTIONS, str(cache))
    assert fresh is not None
    assert fresh.same_scan(str(linted), b"scan digest 1") == FINDINGS
    assert fresh.same_scan(str(linted), b"scan digest 2") is None
    assert fresh.same_scan(str(linted.parent / "refunds.py"), b"scan digest 1") is None
    assert fresh.findings(str(linted), "buffer") == FINDINGS  # stored without a digest
    assert fresh.same_scan(str(linted), None) is None  # type: ignore[arg-type]


def _summary_for(place: Place, linted: Path, cache: Path) -> tuple[object, bool] | None:
    """The stored summary a run on `linted` finds (and whether it was made of the tree as
    it is now, or of that tree but for that file's own stamp)."""
    state = index.state(str(linted), OPTIONS, str(cache))
    assert state is not None
    return index.summary(place, OPTIONS, str(cache), state)


def _saved(path: Path, text: str, now: bool = False) -> None:
    path.write_text(text)
    if not now:
        os.utime(path, ns=(PAST_NS + 10**9, PAST_NS + 10**9))


@pytest.mark.parametrize(
    "edit, found",
    [
        # The linted file saved: just now (too recent for its stamp, which is left out) or
        # a while ago.
        (lambda linted, other: _saved(linted, "x = 1\n", now=True), True),
        (lambda linted, other: _saved(linted, "x = 1\n"), True),
        (lambda linted, other: None, True),
        # Anything else changed too.
        (lambda linted, other: (_saved(linted, "x = 1\n"), _saved(other, "y = 2\n")), False),
        (lambda linted, other: _saved(other, "y = 2\n"), False),
        (lambda linted, other: _saved(linted.parent / "new.py", ""), False),
        (lambda linted, other: _saved(linted.parent.parent / "new.py", ""), False),
        (lambda linted, other: _saved(linted.parents[3] / "pyproject.toml", "[tool.dg]\n"), False),
        (lambda linted, other: linted.unlink(), False),
        (lambda linted, other: _saved(linted.parent / "defs.yaml", "type: x\n"), False),
    ],
)
def test_a_summary_holds_while_only_the_linted_file_changed(
    project: tuple[Place, Path, Path], edit: Callable[[Path, Path], object], found: bool
) -> None:
    """The summary of the disk's model serves a buffer of the file it is asked for while
    nothing but that file changed on disk (its buffer wins over its disk text)."""
    place, linted, cache = project
    other = linted.parent / "refunds.py"
    then = index.fingerprint(place)
    index.store_summary(place, OPTIONS, str(cache), ("summary",), then)
    assert _summary_for(place, linted, cache) == (("summary",), True)
    edit(linted, other)
    summary = _summary_for(place, linted, cache)
    unchanged = index.fingerprint(place) == then
    assert summary == ((("summary",), unchanged) if found else None)
    if found and not unchanged:  # not for another file's buffer
        assert _summary_for(place, other, cache) is None


def test_a_summary_is_not_read_for_a_file_saved_beside_a_recent_one(
    project: tuple[Place, Path, Path],
) -> None:
    """Another file too recent to trust by its stamp: the summary may be older than it."""
    place, linted, cache = project
    index.store_summary(place, OPTIONS, str(cache), ("summary",), index.fingerprint(place))
    other = linted.parent.parent / "helpers.py"
    _saved(other, "", now=True)
    _saved(linted, "x = 1\n")
    assert _summary_for(place, linted, cache) is None


def test_a_run_over_many_files_leaves_the_editor_a_small_file_to_find_the_project_by(
    tmp_path: Path,
) -> None:
    """After a run over the tree, an editor's run finds the project in an empty file of
    editor answers, not in the answers of every file; the answers by stamp still serve a
    file read from disk."""
    root = tmp_path / "proj"
    (root / "shop").mkdir(parents=True)
    linted = root / "shop" / "orders.py"
    linted.write_text("import dagster as dg\n")
    _date(root)
    cache = tmp_path / "cache"
    place = Place(str(root), str(root), "shop")
    stamp = (linted.stat().st_size, linted.stat().st_mtime_ns)
    index.answers(place, OPTIONS, str(cache), {str(linted): (stamp, FINDINGS)},
                  index.fingerprint(place))
    texts = list(cache.glob(f"{index.TEXTS_FILE}-*.marshal"))
    assert len(texts) == 1 and marshal.loads(texts[0].read_bytes())[2] == {}
    editor = index.fresh(str(linted), OPTIONS, str(cache))
    assert editor is not None and editor.entries == {}
    assert editor.on_disk(str(linted)) == FINDINGS
