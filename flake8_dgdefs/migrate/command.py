"""`flake8-dgdefs migrate`: the guide's migration, done by the tool and checked by it.

The plan comes from the load model (migrate/plan.py): the modules outside defs holding
definitions the autoloader does not reach move into the defs package, a package whole.
The rewrites (migrate/rewrite.py, libcst, imported only here and only when there is
something to do) point every import at the new places and drop the code location's hand
loading of the moved modules. Without `--apply` the plan and the diffs are printed and
nothing is written; with it the moves and writes are journaled (migrate/files.py), the
project is loaded again with the same static model, and any difference in what loads
restores every byte and exits 1.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from typing import TextIO

from flake8_dgdefs.discovery import Project
from flake8_dgdefs.migrate.files import (
    MAX_TEXT,
    SKIPPED_DIRS,
    Journal,
    in_git_work_tree,
    project_files,
    read_bytes,
)
from flake8_dgdefs.migrate.plan import (
    BadInput,
    Holding,
    Move,
    Refusal,
    Renames,
    holdings,
    plan_moves,
)
from flake8_dgdefs.project_map import ProjectMap, within

__all__ = ["run_migrate", "Refusal"]

OK = 0
REFUSED = 1
BAD_INPUT = 2


@dataclass(frozen=True)
class Change:
    """One rewritten or moved file, paths "/"-separated and relative to the project."""

    old_path: str
    new_path: str
    before: bytes
    after: bytes


def run_migrate(args: argparse.Namespace, out: TextIO) -> int:
    """The command; every problem is one line on stderr."""
    from flake8_dgdefs.cli import CommandError

    try:
        return _run(args, out)
    except CommandError as exc:
        print(f"flake8-dgdefs: {exc}", file=sys.stderr)
        return exc.code
    except BadInput as exc:
        print(f"flake8-dgdefs: {exc}", file=sys.stderr)
        return BAD_INPUT
    except Refusal as exc:
        print(f"flake8-dgdefs: migrate refused: {exc}", file=sys.stderr)
        return REFUSED
    except (OSError, RecursionError, ValueError) as exc:  # before any write: nothing to undo
        print(f"flake8-dgdefs: {type(exc).__name__}: {exc}", file=sys.stderr)
        return BAD_INPUT


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from flake8_dgdefs.cli import load_project
    from flake8_dgdefs.loading import model_of

    for name in args.modules:
        if not all(part.isidentifier() for part in name.split(".")):
            raise BadInput(f"--module {name}: not a dotted module name")
    project, project_map = load_project(args)
    model = model_of(project_map)
    moves, notes = plan_moves(project, project_map, model, list(args.modules))
    for note in notes:
        print(f"flake8-dgdefs: note: {note}", file=sys.stderr)
    if not moves:
        out.write("Nothing to migrate.\n")
        return OK
    try:
        importlib.import_module("flake8_dgdefs.migrate.rewrite")  # needs libcst
    except ImportError:
        raise BadInput(
            "migrate needs libcst: pip install 'flake8-dgdefs[migrate]' (or libcst>=1.1)"
        ) from None
    renames = Renames(tuple(moves))
    changes, warnings = _changes(
        project, project_map, model.location.target, renames, holdings(project_map, model)
    )
    _print_plan(out, moves, changes, warnings)
    if not args.apply:
        code = _rehearse(project, moves, changes, out)
        if code == OK:
            out.write("Dry run: nothing was changed; run again with --apply to do it.\n")
        return code
    return _apply(project, project_map, moves, changes, out)


# -- the rewrites ---------------------------------------------------------------------------
def _changes(
    project: Project,
    project_map: ProjectMap,
    target: object,
    renames: Renames,
    held: dict[str, Holding],
) -> tuple[list[Change], list[str]]:
    from flake8_dgdefs.migrate.rewrite import FileContext, rewrite

    prefix = os.path.relpath(project.package_dir, project.directory).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"
    by_path = {prefix + module.path: module for module in project_map.modules.values()}
    names = frozenset(project_map.modules)
    location = getattr(target, "name", None)
    words = {move.old.rpartition(".")[2] for move in renames.moves}
    changes: list[Change] = []
    warnings: list[str] = []
    for path in project_files(project.directory):
        data = read_bytes(os.path.join(project.directory, *path.split("/")))
        if data is None:
            continue
        module = by_path.get(path)
        new_path = _new_path(path, renames)
        after = data
        mentions = any(w in _text(data) for w in words)
        copying = bool(held) and module is not None and module.name == location
        if path.endswith(".py") and (new_path != path or mentions or copying):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise Refusal(f"{path}: not UTF-8, cannot rewrite its imports") from None
            name = module.name if module is not None else None
            code_location = name is not None and name == location and renames.map(name) is None
            context = FileContext(
                name,
                module.is_package if module is not None else False,
                renames.new_name(name) if name is not None else None,
                code_location,
                names,
                held if code_location else {},
            )
            try:
                after = rewrite(text, context, renames).encode("utf-8")
            except Refusal as exc:
                raise Refusal(f"{path}: {exc}") from None
        if after != data and os.path.islink(os.path.join(project.directory, *path.split("/"))):
            raise Refusal(f"{path}: a symbolic link; rewrite its target by hand first")
        if after != data or new_path != path:
            changes.append(Change(path, new_path, data, after))
        warnings.extend(_mentions(new_path, after, renames))
    return changes, warnings


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _new_path(path: str, renames: Renames) -> str:
    for move in renames.moves:
        if move.is_package and path.startswith(move.source + "/"):
            return move.target + path[len(move.source):]
        if not move.is_package and path == move.source + ".py":
            return move.target + ".py"
    return path


def _mentions(path: str, data: bytes, renames: Renames) -> list[str]:
    """String references to moved modules left in a file (names or paths): warnings."""
    found = []
    text = _text(data)
    for move in renames.moves:
        patterns = [
            (re.compile(rf"(?<![\w.]){re.escape(move.old)}(?![\w])"), move.old),
            (re.compile(rf"(?<![\w/]){re.escape(move.source)}(?![\w])"), move.source),
        ]
        for number, line in enumerate(text.splitlines(), 1):
            for pattern, what in patterns:
                if pattern.search(line):
                    found.append(f"{path}:{number}: mentions {what}, not rewritten")
                    break
    return found


def _print_plan(out: TextIO, moves: list[Move], changes: list[Change], warnings: list[str]) -> None:
    out.write("Moves:\n")
    for move in moves:
        out.write(f"  {move.shown}\n")
        if move.why:
            more = len(move.why) - 4
            shown = ", ".join(move.why[:4]) + (f" and {more} more" if more > 0 else "")
            out.write(f"    not autoloaded today: {shown}\n")
    for change in changes:
        if change.before == change.after:
            continue
        diff = difflib.unified_diff(
            _text(change.before).splitlines(keepends=True),
            _text(change.after).splitlines(keepends=True),
            f"a/{change.old_path}",
            f"b/{change.new_path}",
        )
        for line in diff:
            out.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    for warning in warnings:
        out.write(f"warning: {warning}\n")


# -- apply and verify -----------------------------------------------------------------------
def _apply(
    project: Project,
    project_map: ProjectMap,
    moves: list[Move],
    changes: list[Change],
    out: TextIO,
) -> int:
    problems, after, journal = _carry_out(
        project, project_map, moves, changes, in_git_work_tree(project.directory)
    )
    if not problems:
        out.write(
            f"Applied and verified: {len(moves)} moved, same definitions load"
            f" ({_summary(after)}).\n"
        )
        return OK
    lost = journal.restore()
    print("flake8-dgdefs: migrate failed, everything restored:", file=sys.stderr)
    for line in problems:
        print(f"  {line}", file=sys.stderr)
    for line in lost:
        print(f"flake8-dgdefs: RESTORE PROBLEM: {line}", file=sys.stderr)
    return REFUSED


def _rehearse(project: Project, moves: list[Move], changes: list[Change], out: TextIO) -> int:
    """The dry run's check: the plan carried out on a scratch copy of the project folder
    (hidden folders, virtual environments, caches and files over 1 MiB left out)."""
    from flake8_dgdefs.session import build_map

    with tempfile.TemporaryDirectory(prefix="dgdefs-migrate-") as scratch:
        copy = os.path.join(scratch, os.path.basename(project.directory) or "project")
        try:
            shutil.copytree(project.directory, copy, symlinks=True, ignore=_scratch_ignore)
        except OSError as exc:
            print(f"flake8-dgdefs: note: no check on a scratch copy: {exc}", file=sys.stderr)
            return OK

        def moved(path: str | None) -> str | None:
            if path is None:
                return None
            return os.path.join(copy, os.path.relpath(path, project.directory))

        rehearsal = replace(
            project,
            directory=copy,
            package_dir=moved(project.package_dir) or copy,
            config_file=moved(project.config_file),
        )
        problems, after, _ = _carry_out(
            rehearsal, build_map(rehearsal), moves, changes, git=False
        )
    if problems:
        print("flake8-dgdefs: migrate refused: on a scratch copy, the plan fails:", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        return REFUSED
    out.write(f"Checked on a scratch copy: the same definitions load ({_summary(after)}).\n")
    return OK


def _scratch_ignore(folder: str, names: list[str]) -> set[str]:
    ignored = set()
    for name in names:
        path = os.path.join(folder, name)
        if os.path.isdir(path) and not os.path.islink(path):
            if (
                name.startswith(".")
                or name in SKIPPED_DIRS
                or name.endswith(".egg-info")
                or os.path.exists(os.path.join(path, "pyvenv.cfg"))
            ):
                ignored.add(name)
        elif not os.path.isfile(path) or os.path.getsize(path) > MAX_TEXT:
            ignored.add(name)
    return ignored


def _carry_out(
    project: Project,
    project_map: ProjectMap,
    moves: list[Move],
    changes: list[Change],
    git: bool,
) -> tuple[list[str], Loaded, Journal]:
    """Move, write, load again: (the differences, what loads after, the journal to undo)."""
    from flake8_dgdefs.session import build_map

    before = _loaded(project, project_map, moves, rename=True)
    after: Loaded = {}
    journal = Journal(project.directory, git)
    root = project.directory
    journal.snapshot(
        [os.path.join(root, *c.old_path.split("/")) for c in changes]
        + [
            os.path.join(root, *path.split("/"))
            for path in project_files(root)
            if any(_new_path(path, Renames((m,))) != path for m in moves)
        ]
    )
    try:
        for move in moves:
            source = os.path.join(root, *move.source.split("/"))
            target = os.path.join(root, *move.target.split("/"))
            if not move.is_package:
                source, target = source + ".py", target + ".py"
            created = len(journal.created_dirs)
            journal.make_dirs(os.path.dirname(target))
            _missing_inits(journal, project, move, journal.created_dirs[created:])
            journal.move(source, target)
        for change in changes:
            if change.after != change.before:
                journal.write(
                    os.path.join(root, *change.new_path.split("/")), change.after, change.before
                )
        after_map = build_map(project)
        after = _loaded(project, after_map, moves, rename=False)
        problems = _compare(before, after) + _left_errors(after_map, moves)
    except Exception as exc:  # noqa: B902 - whatever happens half-way, restore the tree
        problems = [f"{type(exc).__name__}: {exc}"]
    return problems, after, journal


def _missing_inits(journal: Journal, project: Project, move: Move, created: list[str]) -> None:
    """`__init__.py` in the folders from the root package down to the target's parent:
    every one missing when the source was a package, else in the folders just created."""
    package_dir = os.path.join(project.package_dir, project.root_module)
    folder = os.path.dirname(os.path.join(project.directory, *move.target.split("/")))
    while os.path.commonpath([folder, package_dir]) == package_dir:
        init = os.path.join(folder, "__init__.py")
        if not os.path.exists(init) and (move.is_package or folder in created):
            journal.create(init, b"")
        if folder == package_dir:
            break
        folder = os.path.dirname(folder)


Loaded = dict[str, list[str]]


def _loaded(project: Project, project_map: ProjectMap, moves: list[Move], rename: bool) -> Loaded:
    """What loads, as `list --json` rows (source paths of moved files already at their new
    place, line numbers left out), the resources passed by hand, the load problems, and
    the DGD codes of the project."""
    from flake8_dgdefs.checks import check_module
    from flake8_dgdefs.cli import _prefix
    from flake8_dgdefs.listing import build_listing, to_json

    prefix = _prefix(project)
    listing = build_listing(project_map, prefix)
    data = to_json(listing)
    renames = Renames(tuple(moves))
    found: Loaded = {}

    def place(text: str) -> str:
        text = re.sub(r":\d+(?::\d+)?", "", text)
        return _new_path(text, renames) if rename else text

    for section, rows in data.items():
        if not isinstance(rows, list):
            continue
        shown = []
        for row in rows:
            if isinstance(row, dict):
                row = {
                    k: place(v) if isinstance(v, str) and k in ("source", "location") else v
                    for k, v in row.items()
                }
                if isinstance(row.get("unresolved"), list):
                    row["unresolved"] = [
                        {k: place(v) if isinstance(v, str) else v for k, v in u.items()}
                        for u in row["unresolved"]
                        if isinstance(u, dict)
                    ]
            shown.append(json.dumps(row, sort_keys=True))
        found[section] = sorted(shown)
    resources = []
    for module in project_map.modules.values():
        for listed in module.scan.loading.listed:
            if listed.argument == "resources":
                resources.append(listed.name)
    found["resources passed by hand"] = sorted(resources)
    found["load problems"] = sorted(place(p) for p in listing.problems)
    codes: Counter[str] = Counter()
    for name in project_map.modules:
        for violation in check_module(project_map, name):
            codes[violation.message.split()[0]] += 1
    found["codes"] = sorted(f"{code} x{count}" for code, count in codes.items())
    return found


def _compare(before: Loaded, after: Loaded) -> list[str]:
    problems = []
    for section in sorted(set(before) | set(after)):
        old = before.get(section, [])
        new = after.get(section, [])
        if section == "codes":
            old_counts = {c.split()[0]: int(c.split()[1][1:]) for c in old}
            for entry in new:
                code, count = entry.split()[0], int(entry.split()[1][1:])
                if count > old_counts.get(code, 0):
                    problems.append(f"new {code}: {old_counts.get(code, 0)} before, {count} after")
            continue
        for row in old:
            if row not in new:
                problems.append(f"{section}: lost {row}")
        for row in new:
            if row not in old:
                problems.append(f"{section}: new {row}")
    return problems


def _left_errors(project_map: ProjectMap, moves: list[Move]) -> list[str]:
    """DGD1xx / DGD2xx still reported for the moved modules (by their new names), and
    DGD2xx of the code location naming them."""
    from flake8_dgdefs.checks import check_module

    problems = []
    for name in sorted(project_map.modules):
        moved = any(within(name, move.new) for move in moves)
        for violation in check_module(project_map, name):
            code = violation.message.split()[0]
            if not code.startswith(("DGD1", "DGD2")):
                continue
            if moved or any(move.new in violation.message for move in moves):
                problems.append(f"{name}:{violation.line}: {violation.message}")
    return problems


def _summary(loaded: Loaded) -> str:
    parts = []
    for section in ("assets", "asset_checks", "jobs", "schedules", "sensors"):
        count = len(loaded.get(section, []))
        if count:
            parts.append(f"{count} {section.replace('_', ' ')}")
    return ", ".join(parts) or "no definitions"
