"""The disk side of `migrate --apply`: moves, atomic writes, and a journal that undoes them.

Every change is recorded before it is made; `Journal.restore` undoes them in reverse order
and checks that every byte it saved is back.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass, field

#: Folders never searched for files to rewrite.
SKIPPED_DIRS = frozenset(
    {"__pycache__", "node_modules", "build", "dist", "site-packages", "venv", "env"}
)
#: Text files searched for string references to moved modules (warnings only).
TEXT_SUFFIXES = (".py", ".toml", ".yaml", ".yml", ".cfg", ".ini", ".md", ".rst", ".txt", ".json")
#: Larger files are not searched.
MAX_TEXT = 1 << 20


def project_files(directory: str) -> list[str]:
    """Text files of the project folder ("/" paths relative to it), sorted; hidden folders,
    virtual environments, caches and build output left out."""
    found = []
    for folder, subfolders, files in os.walk(directory):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in SKIPPED_DIRS
            and not name.endswith(".egg-info")
            and not os.path.exists(os.path.join(folder, name, "pyvenv.cfg"))
        )
        for name in sorted(files):
            if name.endswith(TEXT_SUFFIXES):
                path = os.path.relpath(os.path.join(folder, name), directory)
                found.append(path.replace(os.sep, "/"))
    return found


def read_bytes(path: str) -> bytes | None:
    try:
        if os.path.getsize(path) > MAX_TEXT:
            return None
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def write_atomic(path: str, data: bytes) -> None:
    """Write through a temporary file in the same folder and os.replace: a reader sees the
    old bytes or the new ones, never half a file. Keeps the file's mode."""
    folder = os.path.dirname(path) or "."
    mode = os.stat(path).st_mode & 0o7777 if os.path.exists(path) else None
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".dgdefs-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def in_git_work_tree(directory: str) -> bool:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree"],
            cwd=directory,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and result.stdout.strip() == "true"


def _tracked(directory: str, path: str) -> bool:
    result = subprocess.run(
        ["git", "ls-files", "--", path],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.returncode == 0 and bool(result.stdout.strip())


def _git_mv(directory: str, source: str, target: str) -> None:
    result = subprocess.run(
        ["git", "mv", "--", source, target],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise OSError(f"git mv {source} {target}: {result.stderr.strip()}")


@dataclass
class Journal:
    """What `--apply` changed, in order, to undo it."""

    directory: str  # the project folder (the cwd of git commands)
    git: bool = False
    moves: list[tuple[str, str, bool]] = field(default_factory=list)  # (source, target, by git)
    created_dirs: list[str] = field(default_factory=list)
    created_files: list[str] = field(default_factory=list)
    written: list[tuple[str, bytes]] = field(default_factory=list)  # (path now, bytes before)
    saved: dict[str, bytes] = field(default_factory=dict)  # every byte to be back on restore

    def snapshot(self, paths: list[str]) -> None:
        for path in paths:
            data = read_bytes(path) if os.path.isfile(path) else None
            if data is not None:
                self.saved[path] = data

    def make_dirs(self, folder: str) -> None:
        missing = []
        while not os.path.isdir(folder):
            missing.append(folder)
            folder = os.path.dirname(folder)
        for path in reversed(missing):
            os.mkdir(path)
            self.created_dirs.append(path)

    def create(self, path: str, data: bytes) -> None:
        self.created_files.append(path)
        write_atomic(path, data)

    def move(self, source: str, target: str) -> None:
        by_git = self.git and _tracked(self.directory, source)
        self.moves.append((source, target, by_git))
        if by_git:
            _git_mv(self.directory, source, target)
        else:
            os.rename(source, target)

    def write(self, path: str, data: bytes, before: bytes) -> None:
        self.written.append((path, before))
        write_atomic(path, data)

    def restore(self) -> list[str]:
        """Undo everything; the problems met (an empty list: every byte is back)."""
        problems: list[str] = []
        for path, before in reversed(self.written):
            try:
                write_atomic(path, before)
            except OSError as exc:
                problems.append(f"cannot restore {path}: {exc}")
        for path in reversed(self.created_files):
            try:
                if os.path.exists(path):
                    os.remove(path)
            except OSError as exc:
                problems.append(f"cannot remove {path}: {exc}")
        for source, target, by_git in reversed(self.moves):
            try:
                if os.path.lexists(target) and not os.path.lexists(source):
                    if by_git:
                        _git_mv(self.directory, target, source)
                    else:
                        os.rename(target, source)
            except OSError as exc:
                problems.append(f"cannot move {target} back to {source}: {exc}")
        for path in reversed(self.created_dirs):
            try:
                _remove_caches(path)
                os.rmdir(path)
            except OSError as exc:
                problems.append(f"cannot remove {path}: {exc}")
        for path, data in self.saved.items():
            if read_bytes(path) != data:
                problems.append(f"{path} differs from before")
        return problems


def _remove_caches(folder: str) -> None:
    cache = os.path.join(folder, "__pycache__")
    if os.path.isdir(cache):
        for name in os.listdir(cache):
            os.remove(os.path.join(cache, name))
        os.rmdir(cache)
