"""The index: what the load model found in each file, kept with a fingerprint of
everything the model read, so that the next run on the same inputs answers at once.

An editor lints one file per run, in a fresh process: building the project's map and
model for it costs more than flake8 itself (issue 12); a whole-tree run over a tree that
did not change would build the same model again. The index answers instead when nothing
the answer depends on has changed:

- the root package's tree: every `.py`, YAML and settings file below it, by path, size and
  `mtime_ns` (one `scandir` walk; hidden folders, `__pycache__` and folder links are
  skipped, as discovery skips them), plus the settings files of the project folder and of
  `src/`: added, deleted, renamed or edited files all change it;
- the options that change findings, the plugin's version and code, the Python version
  (the header and the file name);
- the text that was linted (a digest: the editor's unsaved buffer is not the disk's), or
  the stamp of the file flake8 read from disk.

So an answer is never stale: it is the model's own answer for exactly these inputs, not a
second model. Two kinds of answers are kept:

- an editor's (one file, often its unsaved buffer on stdin): keyed by a digest of the
  text, the last TEXTS texts of each file (an editor goes back and forth: the saved text,
  an unsaved one, an undo), each with a digest of the module's scan. A buffer the index
  has not seen, whose scan is one of those (an edit inside a function's body, a comment),
  makes the same model: the plugin answers it from the index too (`same_scan`), after
  scanning that one buffer;
- a run over many files read from disk (`flake8 .`, pre-commit): every linted file's
  answer, keyed by the file's stamp, stored by the process that built the model (`answers`).
  The next run over the unchanged tree reads them instead of building the model.

A buffer whose scan changed, on an unchanged tree, is answered from the summary of the
disk's model (`store_summary`, `summary`: what loading.focus needs, stored by the run that
built that model); so is a buffer of the one file that changed since (a file just
saved). What it does not do: answer a tree changed otherwise (the first run
after such a change builds the model as before, then stores its answers and the summary).
An answer is stored only when the tree's fingerprint taken before the model was built
still holds after (`before`), so that a file edited meanwhile cannot be stored with an
answer made from its old text. Three data files per project and options, beside the
scan cache: the editor's answers, the answers of the last run over many files (read by an
editor's run only for a file it read from disk, so that 20,000 of them do not weigh on
every keystroke), and the summary; written atomically; any damaged or foreign file is
ignored.

Light on purpose (no dataclasses, no `ast`): a hit on the text imports nothing else of
the plugin.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import time
from operator import attrgetter
from typing import Any, NamedTuple

from flake8_dgdefs import __version__, cache_folder, layout
from flake8_dgdefs.buckets import Buckets

MAGIC = "flake8-dgdefs editor index"
#: Bump when the layout of the data file changes.
FORMAT = 4
#: Files remembered per project. Every change to the tree starts the index afresh, so it
#: holds one tree state's files at most: this only bounds a pathological one.
MAX_ENTRIES = 100_000
#: Texts remembered per file.
TEXTS = 4
#: The names the data files start with: the editor's answers (by text), the answers by
#: stamp of the last run over many files, the summary of the disk's model (loading.focus).
TEXTS_FILE, ANSWERS, MODEL = "index", "answers", "model"
#: The summary's entry of each folder's record as the walk saw it (`summary`).
FOLDERS = "folders"
#: Entries of a project folder (and of its `src/`) whose existence only decides what the
#: project is (`.git` changes at every git command: its stamp would say nothing).
MARKERS = (".git", layout.SOURCE_FOLDER)
#: Files there whose content decides it too.
SETTINGS = tuple(
    name for name in (*layout.SETTINGS_FILES, *layout.PROJECT_MARKERS) if name not in MARKERS
)
#: What the model reads below the root package, besides `.py` files.
READ_NAMES = frozenset((*layout.COMPONENT_FILES, *SETTINGS))
_NAME = attrgetter("name")

#: One finding: line, column, the message.
Finding = tuple[int, int, str]


class Place(NamedTuple):
    """Where a project's modules are, as discovery found them."""

    project_dir: str
    package_dir: str
    root_module: str

    def holds(self, path: str) -> bool:
        """Whether a file is the root module's, whose inputs the fingerprint covers."""
        top = os.path.join(self.package_dir, self.root_module)
        return path.startswith(top + os.sep) or path == top + ".py"


class Fresh(NamedTuple):
    """A project's index whose inputs are all unchanged: its answers hold."""

    entries: dict[str, Any]
    #: The answers by stamp, when `entries` are an editor's: their file, with the place
    #: and fingerprint they must have been stored for (read when first asked for).
    answers_at: tuple[str, Place, bytes] | None = None

    def findings(self, path: str, text: str) -> list[Finding] | None:
        """The stored findings of `path` for exactly this text; None when there are none."""
        return _first(self.entries.get(path), 0, digest(text))

    def same_scan(self, path: str, scan: bytes) -> list[Finding] | None:
        """The stored findings of a text of `path` whose scan had this digest (another text
        the scan reads alike: a comment, a function's body); None when there are none.

        The answer holds because every other input is unchanged (the index is fresh): the
        model built with either text is the same."""
        return _first(self.entries.get(path), 2, scan) if scan else None

    def on_disk(self, path: str) -> list[Finding] | None:
        """The stored findings of `path` (absolute) as it is on disk now; None when there
        are none. For a file flake8 read from disk."""
        stamp = cache_folder.stamp(path)
        if stamp is None:
            return None
        entries = self.entries if self.answers_at is None else _answers(*self.answers_at)
        return _first(entries.get(path), 0, disk_key(stamp))


class State(NamedTuple):
    """A project's index as one stat walk found it."""

    place: Place
    #: None: something the model reads changed since the answers by stamp were written.
    #: An editor's is never None: its `entries` are {} when they do not hold.
    fresh: Fresh | None
    #: The tree's fingerprint now, to store answers with (`before`); None: a file is too
    #: recent to trust.
    before: bytes | None
    #: The walk (what it saw around the linted file: `summary`).
    tree: Tree | None = None


def state(path: str, options: tuple[object, ...], directory: str | None) -> State | None:
    """The index of the project that holds `path` (absolute); None when there is none."""
    found = _find(path, options, directory)
    if found is None:
        return None
    place, data = found
    answers_at = _data_file(place.project_dir, options, directory, ANSWERS)
    return _state(place, data, answers_at, path)


def fresh(path: str, options: tuple[object, ...], directory: str | None) -> Fresh | None:
    """The index of the project that holds `path` (absolute), with the editor's answers
    when nothing the model reads has changed since they were written (one stat walk);
    None when the project has no index."""
    found = state(path, options, directory)
    return found.fresh if found is not None else None


def look(
    place: Place, options: tuple[object, ...], directory: str | None
) -> tuple[Fresh | None, bytes | None]:
    """A known project's answers by stamp when nothing they depend on changed; else None,
    with the tree's fingerprint now (None: a file too recent to trust) to give `answers`."""
    target = _data_file(place.project_dir, options, directory, ANSWERS)
    _, found, before, _ = _state(place, _read(target), None)
    return found, before


def _state(
    place: Place,
    data: tuple[object, bytes, dict[str, Any]] | None,
    answers_at: str | None,
    about: str | None = None,
) -> State:
    """What one walk of the tree says of the stored `data` (`answers_at`: the file of
    the answers by stamp, when `data` is an editor's; `about`: the file linted)."""
    now = time.time_ns()
    tree = _walk(place, about)
    found = tree.fingerprint
    held = _held(data, place, found)
    before = found if held is not None or not cache_folder.is_racy(tree.newest, now) else None
    if answers_at is not None:  # an editor's: those by stamp are checked when read
        return State(place, Fresh(held or {}, (answers_at, place, found)), before, tree)
    return State(place, Fresh(held) if held is not None else None, before, tree)


def lookup(
    path: str, text: str, options: tuple[object, ...], directory: str | None
) -> list[Finding] | None:
    """The stored findings of `path` for exactly this text and these inputs; None when
    there are none (the caller then lints, and may `store`)."""
    index = fresh(path, options, directory)
    return index.findings(path, text) if index is not None else None


def store(
    place: Place,
    path: str,
    text: str,
    options: tuple[object, ...],
    directory: str | None,
    findings: list[Finding],
    before: bytes | None,
    scan: bytes | None = None,
    stored: bool = False,
) -> None:
    """Remember `path`'s findings for this text (and the digest of its scan, for
    `same_scan`), made from the tree whose fingerprint was `before`: when it still holds
    and no input is too recent to be told from a later edit by its stamp. Any failure
    means nothing is stored. `stored`: the findings were made only from what is stored
    for that tree (its summary: `summary`), not from the disk; they hold for it, and
    the tree is not walked again."""
    if not place.holds(path):
        return
    current = before if stored else fingerprint(place, time.time_ns())
    if current is None or current != before:
        return
    target = _data_file(place.project_dir, options, directory, TEXTS_FILE)
    entries = dict(_held(_read(target), place, current) or {})
    wanted = digest(text)
    older = entries.pop(path, ())
    if not isinstance(older, tuple):
        older = ()
    kept = [entry for entry in older if isinstance(entry, tuple) and entry[:1] != (wanted,)]
    entries[path] = ((wanted, tuple(findings), scan), *kept[: TEXTS - 1])  # the newest first
    while len(entries) > MAX_ENTRIES:
        entries.pop(next(iter(entries)))
    _write(target, (_header(place), current, entries))


def answers(
    place: Place,
    options: tuple[object, ...],
    directory: str | None,
    found: dict[str, tuple[tuple[int, int], list[Finding]]],
    before: bytes | None,
) -> Fresh:
    """Store the findings of files read from disk (absolute path -> the stamp the model
    saw, its findings), made from the tree whose fingerprint was `before`, when it still
    holds (as `store`). They replace the answers by stamp stored before. Returns them as an
    index: they hold in this process whether stored or not (`on_disk` compares the
    stamps)."""
    entries: dict[str, Any] = {
        path: ((disk_key(stamp), tuple(findings), None),)
        for path, (stamp, findings) in found.items()
        if place.holds(path)
    }
    current = fingerprint(place, time.time_ns())
    if current is not None and current == before:
        target = _data_file(place.project_dir, options, directory, ANSWERS)
        _write(target, (_header(place), current, entries))
        texts = _data_file(place.project_dir, options, directory, TEXTS_FILE)
        if not os.path.exists(texts):  # an editor's run finds the project in this one
            _write(texts, (_header(place), current, {}))  # (not in all the answers)
    return Fresh(entries)


def store_summary(
    place: Place,
    options: tuple[object, ...],
    directory: str | None,
    summary: tuple[object, ...],
    before: bytes | None,
) -> None:
    """Store the summary of the model of the tree whose fingerprint was `before` (with the
    scan cache's file it was built from), when that fingerprint still holds (as `store`)."""
    records: dict[str, list[object]] = {}
    tree = _walk(place, records=records)
    if tree.fingerprint == before and not cache_folder.is_racy(tree.newest, time.time_ns()):
        target = _data_file(place.project_dir, options, directory, MODEL)
        folders = (tree.settings, tree.total, Buckets.pack(records))
        _write(target, (_header(place), tree.fingerprint, {MODEL: summary, FOLDERS: folders}))


def summary(
    place: Place, options: tuple[object, ...], directory: str | None, state: State
) -> tuple[object, bool] | None:
    """The stored summary of the disk's model, read once: with True when it was made of
    the tree that `state`'s walk saw; with False when of that tree but for the stamp of
    the file the walk was asked about (an editor's file saved since: its buffer's answer
    does not depend on what the disk holds of it). None when there is none."""
    data = _read(_data_file(place.project_dir, options, directory, MODEL))
    if data is None or data[0] != _header(place):
        return None
    entries = data[2]
    if state.before is not None and data[1] == state.before:
        return entries.get(MODEL), True
    if _but_for(state.tree, entries.get(FOLDERS)):
        return entries.get(MODEL), False
    return None


def _but_for(tree: Tree | None, folders: object) -> bool:
    """Whether the walk `tree` saw the tree the stored `folders` were walked from, but for
    the stamp of the file it was asked about (that stamp, however recent, is not needed)."""
    if tree is None or tree.around is None:
        return False
    if cache_folder.is_racy(tree.around.newest, time.time_ns()):
        return False
    if not (isinstance(folders, tuple) and len(folders) == 3):
        return False
    settings, total, buckets = folders
    if not (isinstance(settings, bytes) and isinstance(total, int) and isinstance(buckets, tuple)):
        return False
    try:
        then = Buckets[object](buckets).get(os.path.dirname(tree.around.path))
    except ValueError:
        return False
    return _same_but_for(tree, settings, total, then)


def _answers(target: str, place: Place, fingerprint: bytes) -> dict[str, Any]:
    """The answers by stamp stored in `target` for this place and tree; {} when none."""
    return _held(_read(target), place, fingerprint) or {}


def _held(
    data: tuple[object, bytes, dict[str, Any]] | None, place: Place, fingerprint: bytes
) -> dict[str, Any] | None:
    """The entries of stored `data` when they were stored for this place and tree."""
    if data is not None and data[0] == _header(place) and data[1] == fingerprint:
        return data[2]
    return None


def _write(target: str, data: tuple[Any, bytes, dict[str, Any]]) -> None:
    """Write the index atomically; any failure writes nothing."""
    folder = os.path.dirname(target)
    try:
        blob = marshal.dumps(data)
        cache_folder.prepare(folder)
        import tempfile  # here: a run that finds its answer writes nothing

        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".marshal")
    except (OSError, ValueError):
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(blob)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def disk_key(stamp: tuple[int, int]) -> bytes:
    """The key of a file's answer by its stamp (never 16 bytes long: not a text's digest)."""
    return b"disk %d %d" % stamp


def fingerprint(place: Place, now_ns: int | None = None) -> bytes | None:
    """A digest of every input of the model below and around the root package. With
    `now_ns`: None when a file changed too recently for its stamp to be trusted."""
    tree = _walk(place)
    if now_ns is not None and cache_folder.is_racy(tree.newest, now_ns):
        return None
    return tree.fingerprint


class Around(NamedTuple):
    """What a walk saw around one file: for `summary`."""

    path: str  # the file, absolute
    record: list[object]  # its folder's record
    newest: int  # the newest mtime the walk saw, but the file's


class Tree(NamedTuple):
    """One stat walk of the tree (`_walk`)."""

    fingerprint: bytes
    newest: int  # the newest mtime it covers
    settings: bytes  # the digest of the settings files' stamps and the markers
    total: int  # the sum of the folders' record digests (modulo 2**128)
    around: Around | None  # when the walk was asked about a file


#: The fingerprint adds the folders' digests (modulo this): the digest of one folder's
#: record then can be taken out and the record now put in (`summary`).
_MODULUS = 1 << 128


def _folder_digest(record: list[object]) -> int:
    """A folder's record as a number, for the fingerprint's sum. Marshal version 2: no
    references, so equal records give equal bytes whatever their objects' reference
    counts."""
    found = hashlib.blake2b(marshal.dumps(record, 2), digest_size=16).digest()
    return int.from_bytes(found, "big")


def _walk(
    place: Place, about: str | None = None, records: dict[str, list[object]] | None = None
) -> Tree:
    """Stat every file the model reads. `about`: a file (absolute) to say what was seen
    around (`Tree.around`); `records`: filled with each folder's record."""
    settings = hashlib.blake2b()

    def add(line: str) -> None:
        settings.update(line.encode("utf-8", "surrogateescape") + b"\n")

    newest = 0
    folders = [place.project_dir]
    if place.package_dir != place.project_dir:
        folders.append(place.package_dir)
    for folder in folders:
        for name in SETTINGS:
            stamp = cache_folder.stamp(os.path.join(folder, name))
            newest = max(newest, stamp[1] if stamp else 0)
            add(f"{folder}/{name} {stamp}")
        for name in MARKERS:
            add(f"{folder}/{name} {os.path.exists(os.path.join(folder, name))}")
    root = os.path.join(place.package_dir, place.root_module)
    stamp = cache_folder.stamp(root + ".py")
    newest = max(newest, stamp[1] if stamp else 0)
    add(f"{root}.py {stamp}")
    near, name_about = os.path.split(about) if about is not None else (None, None)
    around: list[object] | None = None
    others = newest  # the newest mtime outside the folder of `about`
    total = 0
    todo = [root]
    while todo:
        folder = todo.pop()
        # One record per folder (no string formatted per file, at 20,000 files).
        record: list[object] = [folder]
        top = 0
        try:
            with os.scandir(folder) as found:
                listing = sorted(found, key=_NAME)
        except OSError:
            listing = []
            record.append("unreadable")
        for entry in listing:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if name == ".git":
                        record.append(name)
                    elif name[0] != "." and name != "__pycache__":
                        todo.append(entry.path)
                    continue
                if name[0] == "." or not (name.endswith(".py") or name in READ_NAMES):
                    continue
                info = entry.stat()
            except OSError:
                record.append((name, "unreadable"))
                continue
            mtime = info.st_mtime_ns
            if mtime > top:
                top = mtime
            record.append((name, info.st_size, mtime))
        total += _folder_digest(record)
        if top > newest:
            newest = top
        if folder == near:
            around = record
        elif top > others:
            others = top
        if records is not None:
            records[folder] = record
    total %= _MODULUS
    settings_digest = settings.digest()
    fingerprint = hashlib.blake2b(settings_digest + total.to_bytes(16, "big")).digest()
    seen = None
    if about is not None and around is not None:
        for item in around:
            if isinstance(item, tuple) and _entry_of(item, None) and item[0] != name_about:
                others = max(others, item[2])
        seen = Around(about, around, others)
    return Tree(fingerprint, newest, settings_digest, total, seen)


def _entry_of(entry: object, name: str | None) -> bool:
    """Whether a record's entry is a file's stamp (of `name`, when given)."""
    return (
        isinstance(entry, tuple) and len(entry) == 3 and (name is None or entry[0] == name)
    )


def _same_but_for(tree: Tree, settings: bytes, total: int, then: object) -> bool:
    """Whether the walk `tree` saw the tree of `settings` and `total` but for the stamp of
    the file it was asked about, whose folder's record was `then`."""
    around = tree.around
    if around is None or tree.settings != settings or not isinstance(then, list):
        return False
    name = os.path.basename(around.path)

    def others(record: list[object]) -> list[object]:
        return [entry for entry in record if not _entry_of(entry, name)]

    if not any(_entry_of(e, name) for e in then) or not any(
        _entry_of(e, name) for e in around.record
    ):
        return False  # a module then and now
    if others(then) != others(around.record):
        return False
    return (tree.total - _folder_digest(around.record) + _folder_digest(then)) % _MODULUS == total


def _find(
    path: str, options: tuple[object, ...], directory: str | None
) -> tuple[Place, tuple[object, bytes, dict[str, object]] | None] | None:
    """The project that holds `path`, from the nearest folder above it that has an index
    (its fingerprint covers the settings that would make another folder the project),
    with the editor's answers stored there (None when there are only answers by stamp)."""
    folder = os.path.dirname(path)
    while True:
        for kind in (TEXTS_FILE, ANSWERS):
            data = _read(_data_file(folder, options, directory, kind))
            if data is None:
                continue
            header = data[0]
            if isinstance(header, tuple) and len(header) == 6:
                place = Place(*header[5]) if _is_place(header[5]) else None
                if place is not None and place.holds(path) and header == _header(place):
                    return place, data if kind == TEXTS_FILE else None
            return None
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _read(path: str) -> tuple[object, bytes, dict[str, object]] | None:
    try:
        with open(path, "rb") as handle:
            data = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (
        isinstance(data, tuple)
        and len(data) == 3
        and isinstance(data[1], bytes)
        and isinstance(data[2], dict)
    ):
        return data[0], data[1], data[2]
    return None


def _header(place: Place) -> tuple[Any, ...]:
    return (
        MAGIC, FORMAT, __version__, tuple(sys.version_info[:2]), cache_folder.code_stamp(),
        tuple(place),
    )


def _data_file(
    project_dir: str, options: tuple[object, ...], directory: str | None, kind: str
) -> str:
    """The index's file of a project and options: the editor's answers (TEXTS_FILE) or
    the answers by stamp (ANSWERS)."""
    key = repr((project_dir, options)).encode("utf-8", "surrogateescape")
    name = f"{kind}-{hashlib.blake2b(key, digest_size=8).hexdigest()}.marshal"
    return os.path.join(cache_folder.folder(project_dir, directory), name)


def _is_place(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 3 and all(isinstance(v, str) for v in value)


def _first(texts: object, field: int, wanted: bytes) -> list[Finding] | None:
    """The findings of the first entry (key, findings, scan digest) of a file's `texts`
    whose `field` is `wanted`; None when there is none."""
    if not isinstance(texts, tuple):
        return None
    for entry in texts:
        if isinstance(entry, tuple) and len(entry) == 3 and entry[field] == wanted:
            found = entry[1]
            if isinstance(found, tuple) and all(_is_finding(f) for f in found):
                return list(found)
    return None


def _is_finding(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 3
        and isinstance(value[0], int)
        and isinstance(value[1], int)
        and isinstance(value[2], str)
    )
