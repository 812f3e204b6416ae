"""The on-disk cache of per-module scans: the file-system adapter that makes re-runs cheap.

One data file per project, named by a hash of the project folder, the options that change
module names, the plugin version and the Python version. It maps each module's path
(relative to the folder holding the root package) to the size and `mtime_ns` the scan was
made from, and to the scan itself as plain nested tuples, written with `marshal`. Nothing
but str, int, bool, None and tuples is ever read back: a corrupt, truncated or foreign
file fails to load or fails validation, is ignored, and is rewritten by the next build.

The file is a table (its length, then the header and each module's entry, marshalled) and
the scans after it, each marshalled on its own: a build reads them all, a focused run
(loading.focus) reads the table and then only the scans it needs (`Table`).

The data files live in a folder of their own holding a `.gitignore` ("*") and a
`CACHEDIR.TAG`, so the cache is never committed or backed up. Default folder:
`<project>/.dgdefs_cache` (the folder whose dg.toml / pyproject.toml holds the Dagster
settings; a folder found only by setup.py or .git gets no cache by default);
`--dg-cache-dir` (command line or config), else `DGDEFS_CACHE_DIR`, moves it, and then
holds the files of every project. A folder that cannot be created or written means no cache,
silently. Files written less than RACY_NS ago are not stored: on a file system with a
coarse clock, an edit within the same tick and of the same size would look unchanged.

The codec is generic over the model's frozen dataclasses: a dataclass becomes the tuple of
its init fields in declaration order and is rebuilt from its type hints, so fields added to
the model keep working; the field list is part of each file's header, so a file written by
another schema is ignored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import marshal
import os
import struct
import sys
import time
import types
import typing
import zlib
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Tuple

from flake8_dgdefs import __version__, cache_folder
from flake8_dgdefs.cache_folder import code_stamp, directory_from, prepare
from flake8_dgdefs.cache_folder import folder as project_folder
from flake8_dgdefs.model import ModuleScan

#: Bump when the layout of the data file changes, or what a scan stores for the same source
#: (2: the locals of a function building a Definitions; 3: a table, then each scan apart).
FORMAT = 3
MAGIC = "flake8-dgdefs scan cache"
#: How long a process waits for another one building the same project's map (s).
LOCK_TIMEOUT = 120.0

#: (size, mtime_ns): what a scan was made from.
Stamp = Tuple[int, int]
#: One module in a data file: (size, mtime_ns, dotted name, is_package, its encoded scan
#: marshalled).
Entry = Tuple[int, int, str, bool, Any]
#: The length of the table, in front of it.
LENGTH = struct.Struct("<Q")
#: Identifies one data file as written: (inode, size, mtime_ns).
FileId = Tuple[int, int, int]


@dataclass(frozen=True)
class CacheSettings:
    """Where the cache lives, from the options; `directory` None: inside each project."""

    enabled: bool = True
    directory: str | None = None

    @classmethod
    def from_options(cls, disabled: bool, directory: str | None) -> CacheSettings:
        return cls(not disabled, directory_from(directory))

    def folder(self, project_dir: str) -> str:
        return project_folder(project_dir, self.directory)


class UnsupportedType(TypeError):
    """A model field whose type the codec cannot rebuild: the cache is then not used."""


class Codec:
    """ModuleScan <-> nested tuples of plain values, driven by the dataclasses' type hints.

    Each dataclass gets a decoder generated from its fields (as `dataclasses` generates
    `__init__`): a tuple in, the instance out. Equal parts decoded while one map is built
    are shared, for the types where equal tuples mean equal values (no `object` field,
    where 1 == True would merge two different values).
    """

    def __init__(self, root: type = ModuleScan) -> None:
        self.schema: list[str] = []
        self._memo: dict[Any, Any] = {}
        self._names: dict[type, str] = {}  # decoders
        self._encoders: dict[type, str] = {}
        self._namespace: dict[str, Any] = {"ValueError": ValueError}
        self._exact = True
        self._namespace.update(intern=sys.intern, plain=self.plain)
        self.decode: Callable[[Any], Any] = self._namespace[self._dataclass(root)]
        # What `plain` makes of a value, made by code generated from the type hints.
        self._encode_root: Callable[[Any], Any] = self._namespace[self._encoder(root)]
        self.fingerprint = "\n".join(self.schema)

    def encode(self, value: Any) -> Any:
        """A value of the root type (or any value, through `plain`) as nested tuples."""
        return self._encode_root(value)

    def plain(self, value: Any) -> Any:
        """Any value as nested tuples, by looking at it: for fields typed `object`."""
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return tuple(
                self.plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
            )
        if isinstance(value, (tuple, list)):
            return tuple(self.plain(item) for item in value)
        if type(value) is str:
            # One object per distinct string: marshal then writes it once and reads it back
            # shared ("asset", "dagster", module names...): a smaller file and map.
            return sys.intern(value)
        return value

    def forget(self) -> None:
        """Drop the table of shared parts (kept while one map is being built)."""
        self._memo.clear()

    # -- generating decoders from type hints ---------------------------------------------
    def _dataclass(self, cls: type) -> str:
        """The name, in the namespace, of the function that rebuilds a `cls` from a tuple."""
        if cls in self._names:
            return self._names[cls]
        name = self._names[cls] = f"decode_{len(self._names)}"
        fields = [f for f in dataclasses.fields(cls) if f.init]
        hints = typing.get_type_hints(cls)
        self.schema.append(
            f"{cls.__module__}.{cls.__qualname__}("
            + ", ".join(f"{f.name}: {hints[f.name]}" for f in fields)
            + ")"
        )
        outer, self._exact = self._exact, True
        arguments = [
            self._expression(hints[f.name], f"values[{i}]") for i, f in enumerate(fields)
        ]
        exact, self._exact = self._exact, outer and self._exact
        self._namespace[f"{name}_class"] = cls
        self._namespace[f"{name}_memo"] = self._memo
        self._namespace["new"] = object.__new__
        lines = [
            f"def {name}_build(values):",
            f"    if len(values) != {len(fields)}:",
            "        raise ValueError('wrong number of fields')",
        ]
        if _plain_init(cls, slotted=False):
            # What the generated frozen __init__ does, without a setattr call per field.
            lines += [f"    made = new({name}_class)", "    fields = made.__dict__"]
            lines += [f"    fields[{f.name!r}] = {a}" for f, a in zip(fields, arguments)]
            lines.append("    return made")
        elif _plain_init(cls, slotted=True):
            # The same with slots: each slot's descriptor sets it (frozen's setattr is not
            # called).
            lines.append(f"    made = new({name}_class)")
            for i, (f, a) in enumerate(zip(fields, arguments)):
                self._namespace[f"{name}_set_{i}"] = vars(cls)[f.name].__set__
                lines.append(f"    {name}_set_{i}(made, {a})")
            lines.append("    return made")
        else:
            lines.append(f"    return {name}_class({', '.join(arguments)})")
        lines.append(f"def {name}(values):")
        if exact:
            lines += [
                f"    found = {name}_memo.get(values)",
                "    if found is None:",
                f"        found = {name}_memo[values] = {name}_build(values)",
                "    return found",
            ]
        else:
            lines.append(f"    return {name}_build(values)")
        exec("\n".join(lines), self._namespace)  # noqa: S102 - code built from type hints
        return name

    def _expression(self, hint: Any, source: str) -> str:
        """Python source that decodes `source`, a value stored for a field of type `hint`."""
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            return f"{self._dataclass(hint)}({source})"
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is typing.Union or origin is types.UnionType:
            options = [a for a in args if a is not type(None)]
            if len(options) == 1:
                return _optional(self._expression(options[0], source), source)
            if all(self._expression(a, "x") == "x" for a in options):
                return source
            raise UnsupportedType(hint)
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                item = self._expression(args[0], "item")
                if item == "item":
                    return source
                return f"({source} and tuple([{item} for item in {source}]))"
            parts = [self._expression(a, f"{source}[{i}]") for i, a in enumerate(args)]
            if all(part == f"{source}[{i}]" for i, part in enumerate(parts)):
                return source
            return f"({', '.join(parts)},)"
        if origin is list and len(args) == 1:
            item = self._expression(args[0], "item")
            return f"[{item} for item in {source}]"
        if origin is typing.Literal or hint in (str, int, bool, bytes, type(None)):
            return source
        if hint in (float, object, Any) or (
            origin in (frozenset, dict) and all(self._expression(a, "x") == "x" for a in args)
        ):
            # Stored as is; but 1 == 1.0 == True, so equal tuples may not be equal values.
            self._exact = False
            return source
        raise UnsupportedType(hint)

    # -- generating encoders from type hints ---------------------------------------------
    def _encoder(self, cls: type) -> str:
        """The name, in the namespace, of the function that makes a `cls` a tuple: what
        `plain` makes of it, without looking at each value's type."""
        if cls in self._encoders:
            return self._encoders[cls]
        # Named before its fields are read: a recursive type refers to itself.
        name = self._encoders[cls] = f"encode_{len(self._encoders)}"
        hints = typing.get_type_hints(cls)
        parts = [
            self._encoding(hints[f.name], f"value.{f.name}")
            for f in dataclasses.fields(cls)
            if f.init
        ]
        body = f"({', '.join(parts)},)" if parts else "()"
        exec(f"def {name}(value):\n    return {body}", self._namespace)  # noqa: S102
        return name

    def _encoding(self, hint: Any, source: str) -> str:
        """Python source that encodes `source`, a value of a field of type `hint`."""
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            return f"{self._encoder(hint)}({source})"
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is typing.Union or origin is types.UnionType:
            options = [a for a in args if a is not type(None)]
            if len(options) == 1 and len(args) == 2:
                return _optional(self._encoding(options[0], source), source)
        elif origin is tuple and len(args) == 2 and args[1] is Ellipsis or origin is list:
            item = self._encoding(args[0], "item")
            if item == "item":
                return f"tuple({source})"
            return f"tuple([{item} for item in {source}])"
        elif origin is tuple:
            parts = [self._encoding(a, f"{source}[{i}]") for i, a in enumerate(args)]
            return f"({', '.join(parts)},)" if parts else "()"
        elif hint is str:
            return f"intern({source})"
        elif hint in (int, bool, bytes, type(None)):
            return source
        return f"plain({source})"  # object, Literal, float, a union: looked at


def _optional(inner: str, source: str) -> str:
    """`inner`, the source that converts `source`, for an optional value (None stays None)."""
    return source if inner == source else f"(None if {source} is None else {inner})"


def _plain_init(cls: type, slotted: bool) -> bool:
    """True when setting the instance's fields is all that `cls(...)` does: the `__init__`
    is the one dataclasses generated, there is no `__post_init__`, and the fields are kept
    in the instance's dict (`slotted` False) or each in a slot of the class (True)."""
    init = vars(cls).get("__init__")
    code = getattr(init, "__code__", None)
    fields = dataclasses.fields(cls)
    kept = (
        all(isinstance(vars(cls).get(f.name), types.MemberDescriptorType) for f in fields)
        if slotted
        else "__slots__" not in vars(cls)
    )
    return (
        code is not None
        and code.co_filename == "<string>"  # generated, not written in the class body
        and not hasattr(cls, "__post_init__")
        and kept
        and all(f.init for f in fields)
    )


def digest(scan: ModuleScan) -> bytes | None:
    """A digest of a scan, the same in every process for equal scans (its encoding's
    `repr`: plain values only); None when the model cannot be encoded."""
    found = codec()
    if found is None:
        return None
    text = repr(found.encode(scan)).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=16).digest()


#: Root type -> its codec (None: the model is unsupported), built once per process.
_codecs: dict[type, Codec | None] = {}


def codec(root: type = ModuleScan) -> Codec | None:
    """The codec of the current model (of `root`), built once per process; None if it
    cannot be."""
    if root not in _codecs:
        try:
            _codecs[root] = Codec(root)
        except (UnsupportedType, NameError, TypeError):
            _codecs[root] = None
    return _codecs[root]


class ScanCache:
    """The data file of one project."""

    def __init__(self, settings: CacheSettings, project_dir: str, options: tuple[Any, ...]):
        self.folder = settings.folder(project_dir)
        codec_ = codec()
        self.fingerprint = codec_.fingerprint if codec_ else ""
        key = repr((os.path.abspath(project_dir), options, __version__, FORMAT))
        header_key = repr((key, code_stamp()))
        digest = f"{zlib.crc32(key.encode()):08x}{zlib.adler32(key.encode()):08x}"
        self.path = os.path.join(self.folder, f"scans-{digest}.marshal")
        self.header = (
            MAGIC, FORMAT, __version__, sys.version_info[:2], self.fingerprint, header_key
        )
        #: The data file last read or written (None: none).
        self.file_id: FileId | None = None

    def load(self) -> dict[str, Entry]:
        """The stored entries; {} when the file is missing, unreadable, corrupt or foreign.
        `file_id` then identifies the file read (None: none)."""
        self.file_id = None
        try:
            with open(self.path, "rb") as handle:
                data = handle.read()
                file_id = _file_id(os.fstat(handle.fileno()))
        except OSError:
            return {}
        found = self._table(data)
        if found is None:
            return {}
        table, start = found
        view = memoryview(data)
        entries: dict[str, Entry] = {}
        for path, entry in table.items():
            if not isinstance(entry, tuple) or len(entry) != 6:
                return {}
            size, mtime, name, is_package, offset, length = entry
            if not (isinstance(offset, int) and isinstance(length, int)):
                return {}
            if not 0 <= offset <= offset + length <= len(data) - start:
                return {}
            entries[path] = (size, mtime, name, is_package, view[start + offset:][:length])
        self.file_id = file_id
        return entries

    def table(self) -> Table | None:
        """The data file, kept open: its table read when asked for, each scan on its own;
        None when there is no file."""
        try:
            handle = open(self.path, "rb")
        except OSError:
            return None
        try:
            head = handle.read(LENGTH.size)
            file_id = _file_id(os.fstat(handle.fileno()))
        except OSError:
            head = b""
        if len(head) != LENGTH.size:
            handle.close()
            return None
        return Table(self, handle, file_id, LENGTH.size + LENGTH.unpack(head)[0])

    def _table(self, data: bytes) -> tuple[dict[str, Any], int] | None:
        """The table at the start of `data`, and where the scans start."""
        if len(data) < LENGTH.size:
            return None
        start = LENGTH.size + LENGTH.unpack_from(data)[0]
        try:
            head = marshal.loads(memoryview(data)[LENGTH.size:start])
        except (EOFError, ValueError, TypeError):
            return None
        if (
            not isinstance(head, tuple)
            or len(head) != 2
            or head[0] != self.header
            or not isinstance(head[1], dict)
        ):
            return None
        return head[1], start

    def save(self, entries: dict[str, Entry]) -> None:
        """Write atomically (temp file + os.replace); any failure means no cache.
        `file_id` then identifies the file written (None: none)."""
        self.file_id = None
        table: dict[str, tuple[int, int, str, bool, int, int]] = {}
        offset = 0
        for path, (size, mtime, name, is_package, scan) in entries.items():
            table[path] = (size, mtime, name, is_package, offset, len(scan))
            offset += len(scan)
        try:
            head = marshal.dumps((self.header, table))
        except ValueError:  # a value the model holds that marshal cannot store
            return
        import tempfile  # here: a run with a warm cache never writes

        try:
            prepare(self.folder)
            handle, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".marshal")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(LENGTH.pack(len(head)))
                stream.write(head)
                for entry in entries.values():
                    stream.write(entry[4])
                stream.flush()
                file_id = _file_id(os.fstat(stream.fileno()))
            os.replace(temp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            return
        self.file_id = file_id

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the project's lock while building, so that other processes (flake8's
        --jobs workers) wait and then read the result instead of scanning again.
        Without fcntl (Windows) or a writable folder, there is no lock."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        try:
            prepare(self.folder)
            fd = os.open(self.path + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            yield
            return
        try:
            deadline = time.monotonic() + LOCK_TIMEOUT
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        break  # build without the lock rather than hang
                    time.sleep(0.02)
            yield
        finally:
            os.close(fd)  # releases the lock


class Table:
    """A data file, kept open: its table read when asked for, each scan on its own. The
    file stays the one opened, even if another process replaces it meanwhile."""

    def __init__(
        self, cache: ScanCache, handle: typing.BinaryIO, file_id: FileId, start: int
    ) -> None:
        self.cache = cache
        self.handle = handle
        self.file_id = file_id
        self.start = start  # where the scans start

    def modules(self) -> Iterator[tuple[str, str, bool, int, int]]:
        """(path, dotted name, is_package, offset, length) of each module stored;
        ValueError when the file is damaged or foreign."""
        try:
            data = os.pread(self.handle.fileno(), self.start, 0)
        except (OSError, OverflowError) as exc:
            raise ValueError("an unreadable table") from exc
        found = self.cache._table(data)
        if found is None or found[1] != self.start:
            raise ValueError("a damaged table")
        for path, entry in found[0].items():
            if not isinstance(entry, tuple) or len(entry) != 6:
                raise ValueError("a damaged table")
            _, _, name, is_package, offset, length = entry
            yield path, name, is_package, offset, length

    def scan(self, offset: int, length: int) -> ModuleScan:
        """One stored scan; ValueError when it cannot be read (a damaged file)."""
        found = codec()
        try:
            data = os.pread(self.handle.fileno(), length, self.start + offset)
            scan = found.decode(marshal.loads(data)) if found and len(data) == length else None
        except Exception as exc:  # noqa: BLE001 - anything a damaged file can raise
            raise ValueError("a damaged scan") from exc
        if not isinstance(scan, ModuleScan):
            raise ValueError("no scan")
        return scan

    def close(self) -> None:
        self.handle.close()


def _file_id(stat: os.stat_result) -> FileId:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


class Reuse:
    """One map build's use of the stored scans: which it may take as they are, and the
    entries to store for the next build. The build sees scans; only this class knows
    how an entry is laid out."""

    def __init__(self, stored: dict[str, Entry], codec: Codec) -> None:
        self.stored = stored
        self.codec = codec
        self.entries: dict[str, Entry] = {}

    def scan(self, relative: str, stamp: Stamp) -> tuple[str, bool, ModuleScan] | None:
        """(module name, is_package, scan) stored for the file as it is now; None: scan it."""
        entry = self.stored.get(relative)
        if not isinstance(entry, tuple) or len(entry) != 5 or (entry[0], entry[1]) != stamp:
            return None
        name, is_package = entry[2], entry[3]
        if not isinstance(name, str) or not isinstance(is_package, bool):
            return None
        try:
            scan = self.codec.decode(marshal.loads(entry[4]))
        except Exception:  # noqa: BLE001 - anything a damaged file can raise: scan again
            return None
        self.entries[relative] = entry
        return name, is_package, scan

    def keep(
        self, relative: str, stamp: Stamp, name: str, is_package: bool, scan: ModuleScan
    ) -> None:
        """Store a new scan of a file, made from the file as `stamp` says it is."""
        self.entries[relative] = (*stamp, name, is_package, marshal.dumps(self.codec.encode(scan)))

    @property
    def changed(self) -> bool:
        return self.entries != self.stored


def is_racy(stamp: Stamp, now_ns: int) -> bool:
    """True when a file changed too recently for its (size, mtime) to identify its content."""
    return cache_folder.is_racy(stamp[1], now_ns)
