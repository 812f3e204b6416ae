"""The command line: `flake8-dgdefs list [PATH]`, a static `dg list defs`.

An adapter like plugin.py: it finds the project on disk, builds the map (session.py), asks
listing what loads, and prints it as an aligned table or as `dg list defs --json` does.
Bad input is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence, TextIO

from flake8_dgdefs import __version__, discovery, layout
from flake8_dgdefs.cache import CacheSettings
from flake8_dgdefs.discovery import ConfigError, Overrides, Project
from flake8_dgdefs.loading import model_of
from flake8_dgdefs.listing import (
    COLUMN_SECTIONS,
    COLUMNS,
    DEFAULT_COLUMNS,
    Listing,
    LoaderReport,
    Unresolved,
    build_listing,
    to_json,
)
from flake8_dgdefs.project_map import ProjectMap
from flake8_dgdefs.session import build_map

#: Exit codes.
OK = 0
FOUND = 1  # --check found errors, or the project cannot be read (syntax error)
BAD_INPUT = 2  # no project, broken configuration, bad arguments


class CommandError(Exception):
    """A problem to show as one line before exiting with `code`."""

    def __init__(self, message: str, code: int = BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "migrate":
        if extra:
            args.migrate_parser.error(f"unrecognized arguments: {' '.join(extra)}")
        from flake8_dgdefs.migrate import run_migrate

        return run_migrate(args, sys.stdout)
    if args.command == "serve":
        from flake8_dgdefs.server.command import run_serve

        return run_serve(args, extra)
    if args.command != "list":
        if extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        parser.print_help()
        return BAD_INPUT
    if extra:  # `list --bogus`: the usage of `list`, not of the whole program
        args.list_parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return run_list(args, sys.stdout)
    except CommandError as exc:
        print(f"flake8-dgdefs: {exc}", file=sys.stderr)
        return exc.code
    except BrokenPipeError:  # `flake8-dgdefs list | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except (OSError, RecursionError, ValueError) as exc:  # pragma: no cover - last resort
        print(f"flake8-dgdefs: {type(exc).__name__}: {exc}", file=sys.stderr)
        return BAD_INPUT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flake8-dgdefs",
        description="Static tools for Dagster projects loaded by the dg autoloader.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    from flake8_dgdefs.migrate import configure as configure_migrate

    migrate = commands.add_parser(
        "migrate",
        help="move definitions the autoloader misses into defs, rewriting imports",
        description=(
            "Plan (default) or carry out (--apply) the move of modules outside defs into"
            " the defs package, rewriting imports and the code location's hand loading,"
            " then verify statically that the same definitions load."
        ),
    )
    configure_migrate(migrate)
    project_options(migrate)
    from flake8_dgdefs.server.command import configure as configure_serve

    configure_serve(commands)
    listing = commands.add_parser(
        "list",
        help="list what `dg list defs` would show, without importing the project",
        description=(
            "Print what the dg autoloader plus the root module will load, as `dg list defs`"
            " does, computed statically (no import of the project or of dagster)."
        ),
    )
    listing.set_defaults(list_parser=listing)
    listing.add_argument("path", nargs="?", default=".", help="a file or folder of the project")
    listing.add_argument(
        "--json", action="store_true", help="print the shape of `dg list defs --json`"
    )
    listing.add_argument(
        "--loader",
        action="store_true",
        help="also report the loader and what it was assumed to load",
    )
    listing.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when any DGD error or duplicate definition exists (printed on stderr)",
    )
    project_options(listing)
    listing.add_argument(
        "--assets",
        "-a",
        metavar="SELECTION",
        help="asset selection to list, as `dg list defs --assets` (only assets and checks)",
    )
    listing.add_argument(
        "--columns",
        "-c",
        action="append",
        metavar="COLUMNS",
        help="table columns: comma-separated, or the flag repeated; available: "
        + ", ".join(COLUMNS),
    )
    listing.add_argument(
        "--path",
        "-p",
        dest="defs_path",
        metavar="DEFS_PATH",
        help="list only what a file or folder of the defs package holds, as `dg list defs`",
    )
    listing.add_argument(
        "--verbose", action="store_true", help="also print notes about the listing on stderr"
    )
    return parser


def project_options(parser: argparse.ArgumentParser) -> None:
    """The options that find the project and its cache, as the flake8 plugin's."""
    parser.add_argument("--dg-root-module", help="root package (default: from the config)")
    parser.add_argument("--dg-defs-module", help="defs package (default: from the config)")
    parser.add_argument(
        "--dg-cache-dir",
        help="folder of the scan cache, shared with the flake8 plugin (default:"
        " $DGDEFS_CACHE_DIR, else .dgdefs_cache in the project's folder)",
    )
    parser.add_argument(
        "--dg-no-cache", action="store_true", help="scan every module; write no cache"
    )


# -- the use case --------------------------------------------------------------------------
def run_list(args: argparse.Namespace, out: TextIO) -> int:
    columns = _columns(args)
    project, project_map = load_project(args)
    prefix = _prefix(project)
    listing = build_listing(project_map, prefix)
    listing = _filtered(args, project, project_map, prefix, listing)
    if args.json:
        data = to_json(listing)
        if args.loader:
            data["loader"] = _loader_json(listing.loader)
        out.write(json.dumps(data, indent=4) + "\n")
    else:
        if args.loader:
            out.write(format_loader(listing.loader))
        out.write(format_table(listing, columns))
    for note in listing.loader.notes if getattr(args, "verbose", False) else ():
        print(f"flake8-dgdefs: note: {note}", file=sys.stderr)
    for problem in listing.problems:
        print(f"flake8-dgdefs: Dagster will refuse to load: {problem}", file=sys.stderr)
    if not args.check:
        return OK
    errors = _errors(project_map, prefix)
    for line in errors:
        print(line, file=sys.stderr)
    return FOUND if errors or listing.problems else OK


def _columns(args: argparse.Namespace) -> tuple[str, ...] | None:
    """`--columns` as `dg list defs` reads it; None: the default columns."""
    if not getattr(args, "columns", None):
        return None
    if args.json:
        raise CommandError("Cannot use --columns with --json")
    from flake8_dgdefs.selection import SelectionError, parse_columns  # only these options

    try:
        return parse_columns(args.columns)
    except SelectionError as exc:
        raise CommandError(str(exc)) from None


def _filtered(
    args: argparse.Namespace, project: Project, project_map: ProjectMap, prefix: str,
    listing: Listing,
) -> Listing:
    """The listing after `--path` (what a part of the defs folder holds) and `--assets`."""
    model = model_of(project_map)
    if getattr(args, "defs_path", None):
        listing = _scoped(args.defs_path, project, project_map, prefix, listing)
    if getattr(args, "assets", None):  # dg ignores an empty selection
        from flake8_dgdefs.selection import SelectionError, observable_sources, select

        try:
            listing = select(listing, args.assets, observable_sources(model, prefix))
        except SelectionError as exc:
            raise CommandError(str(exc)) from None
    return listing


def _scoped(
    path: str, project: Project, project_map: ProjectMap, prefix: str, listing: Listing
) -> Listing:
    """`--path`: relative to the current folder, as dg resolves it; a `.py` file or a folder
    of the defs package the autoloader collects."""
    model = model_of(project_map)
    absolute = os.path.realpath(path)
    refused = CommandError(
        f"--path: Unable to load definitions at {absolute}: No definitions found for loc"
        f" {absolute}"
    )
    if model.defs_module is None or not (model.autoloads or model.walked):
        raise CommandError(
            "--path: the project does not load a defs package with the autoloader"
        )
    relative = os.path.relpath(absolute, os.path.realpath(project.package_dir))
    relative = relative.replace(os.sep, "/")
    defs = model.defs_path.rstrip("/")
    inside = relative == defs or relative.startswith(f"{defs}/")
    is_module = absolute.endswith(".py") and os.path.isfile(absolute)
    if not inside or not (is_module or os.path.isdir(absolute)):
        raise refused
    from flake8_dgdefs.selection import restrict, scope_of

    scope = scope_of(model, prefix, relative)
    if not scope.modules and not any(scope.holds(u.location) for u in listing.unseen):
        raise refused
    return restrict(listing, scope)


def _project(path: str, overrides: Overrides) -> Project:
    absolute = os.path.abspath(path)
    if not os.path.exists(absolute):
        raise CommandError(f"{path}: no such file or folder")
    probes = [os.path.join(absolute, "__init__.py")] if os.path.isdir(absolute) else [absolute]
    if os.path.isdir(absolute):
        probes.extend(_package_probes(absolute))
    project = None
    for probe in probes:
        try:
            project = discovery.find_project(probe, overrides)
        except ConfigError as exc:
            raise CommandError(str(exc)) from None
        if project is not None:
            break
    if project is None:
        raise CommandError(
            f"{path}: no Dagster project found (no {discovery.markers_text()} beside a Python"
            " package, in this folder or above it)"
        )
    if not os.path.isdir(os.path.join(project.package_dir, project.root_module)):
        raise CommandError(
            f"{project.directory}: root module {project.root_module!r} is not a package there"
        )
    return project


def _package_probes(folder: str) -> list[str]:
    """A project folder without a root module in its config: its packages, the one with a
    `definitions.py` first (the plugin learns the root package from the linted file)."""
    found = []
    for base in (folder, os.path.join(folder, layout.SOURCE_FOLDER)):
        try:
            names = sorted(os.listdir(base))
        except OSError:
            continue
        for name in names:
            init = os.path.join(base, name, "__init__.py")
            if name.isidentifier() and os.path.isfile(init):
                has_target = os.path.isfile(os.path.join(base, name, "definitions.py"))
                found.append((not has_target, init))
    return [init for _, init in sorted(found)]


def load_project(args: argparse.Namespace) -> tuple[Project, ProjectMap]:
    """The project of `args.path` (with `--dg-root-module` / `--dg-defs-module`) and its
    map, for `list` and `migrate`; a project without modules, or with a module that does not
    parse, is refused."""
    project = _project(args.path, Overrides(args.dg_root_module, args.dg_defs_module))
    cache = CacheSettings.from_options(args.dg_no_cache, args.dg_cache_dir)
    project_map = build_map(project, cache)
    if not project_map.modules:
        raise CommandError(f"{project.directory}: no modules of package {project.root_module}")
    _refuse_broken(project, project_map)
    return project, project_map


def _refuse_broken(project: Project, project_map: ProjectMap) -> None:
    """A module Dagster would import but cannot be parsed: the project will not load."""
    for module in project_map.modules.values():
        if module.scan.error is not None:
            raise CommandError(f"{_prefix(project)}{module.path}: {module.scan.error}", FOUND)


def _prefix(project: Project) -> str:
    relative = os.path.relpath(project.package_dir, project.directory)
    return "" if relative == "." else relative.replace(os.sep, "/") + "/"


def _errors(project_map: ProjectMap, prefix: str) -> list[str]:
    from flake8_dgdefs.checks import check_module  # only --check needs the rules

    lines = []
    for name, module in sorted(project_map.modules.items()):
        for violation in check_module(project_map, name):
            location = f"{prefix}{module.path}:{violation.line}:{violation.col + 1}"
            lines.append(f"{location}: {violation.message}")
    return lines


# -- printing --------------------------------------------------------------------------------
def _show(value: str | None, field: str, unresolved: tuple[Unresolved, ...]) -> str:
    for item in unresolved:
        if item.field == field:
            return f"<unresolved {item.location}>"
    return value or ""


def format_table(listing: Listing, columns: Sequence[str] | None = None) -> str:
    """The sections and columns of `dg list defs`, as a plain aligned table. `columns`
    (`--columns`): those shown, even when empty; by default dg's, the empty ones left out."""
    if listing.is_empty and not listing.unseen:
        return "No definitions are defined for this project.\n"
    shown = tuple(columns or DEFAULT_COLUMNS)
    sections: list[tuple[str, list[str], list[list[str]]]] = []

    def add(title: str, section: str, rows: list[dict[str, str]]) -> None:
        if rows:
            used = [c for c in shown if section in COLUMN_SECTIONS[c]]
            header = [c.replace("_", " ").capitalize() for c in used]
            sections.append((title, header, [[row[c] for c in used] for row in rows]))

    add(
        "Assets",
        "asset",
        [
            {
                "key": _show(e.key, "asset_key", e.unresolved),
                "group": _show(e.group, "group_name", e.unresolved),
                "deps": _show("\n".join(e.deps), "dependency_keys", e.unresolved),
                "kinds": _show("\n".join(e.kinds), "kinds", e.unresolved),
                "description": _show(e.description, "description", e.unresolved),
                "tags": _show(
                    "\n".join(f'"{k}"="{v}"' for k, v in e.tags), "tags", e.unresolved
                ),
                "is_executable": str(e.executable),
            }
            for e in listing.assets
        ],
    )
    add(
        "Asset Checks",
        "asset_check",
        [
            {
                "key": _show(e.key, "key", e.unresolved),
                "deps": _show(
                    "\n".join(sorted({*e.additional_deps, *filter(None, [e.asset_key])})),
                    "additional_deps",
                    e.unresolved,
                ),
                "description": _show(e.description, "description", e.unresolved),
            }
            for e in listing.asset_checks
        ],
    )
    add(
        "Jobs",
        "job",
        [
            {
                "key": _show(e.name, "name", e.unresolved),
                "description": _show(e.description, "description", e.unresolved),
            }
            for e in listing.jobs
        ],
    )
    add(
        "Schedules",
        "schedule",
        [
            {
                "key": _show(e.name, "name", e.unresolved),
                "cron": _show(e.cron, "cron_schedule", e.unresolved),
            }
            for e in listing.schedules
        ],
    )
    sensors = [{"key": _show(e.name, "name", e.unresolved)} for e in listing.sensors]
    add("Sensors", "sensor", sensors)
    if listing.unseen:
        rows = [[item.location] for item in listing.unseen]
        sections.append(("Not listed: only known at load time", ["Where"], rows))
    keep = columns is not None
    return "\n".join(_section(title, header, rows, keep) for title, header, rows in sections)


def _section(title: str, header: list[str], rows: list[list[str]], keep: bool = False) -> str:
    used = [i for i in range(len(header)) if keep or i == 0 or any(row[i] for row in rows)]
    header = [header[i] for i in used]
    cells = [[_clip(row[i]).splitlines() or [""] for i in used] for row in rows]
    widths = [len(h) for h in header]
    for row in cells:
        for i, lines in enumerate(row):
            widths[i] = max(widths[i], *(len(line) for line in lines))
    out = [title, "  " + _line(header, widths), "  " + _line(["-" * w for w in widths], widths)]
    for row in cells:
        for n in range(max(len(lines) for lines in row)):
            out.append("  " + _line([lines[n] if n < len(lines) else "" for lines in row], widths))
    return "\n".join(out) + "\n"


def _line(values: list[str], widths: list[int]) -> str:
    return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()


def _clip(text: str, width: int = 100) -> str:
    lines = text.splitlines()
    return "\n".join(line if len(line) <= width else line[: width - 1] + "…" for line in lines)


def format_loader(report: LoaderReport) -> str:
    lines = ["Loader"]
    if report.loader:
        lines.append(f"  {report.loader} called at {report.loader_call}")
    else:
        lines.append("  no call of load_defs / load_from_defs_folder found")
    lines.append(f"  defs package: {report.defs_module or '(none)'}")
    lines.append(f"  code location target: {report.target_module or '(none)'}")
    lines.append(f"  defs modules collected ({len(report.walked)}):")
    for name, labels in report.contributed:
        lines.append(f"    {name}: {', '.join(labels)}" if labels else f"    {name}")
    for name, why in report.skipped:
        lines.append(f"    skipped {name}: {why}")
    if report.hand_loaded:
        lines.append("  passed by hand to Definitions(...) in the target:")
        lines.extend(f"    {what} -> {to}" for what, to in report.hand_loaded)
    lines.extend(f"  note: {note}" for note in report.notes)
    return "\n".join(lines) + "\n\n"


def _loader_json(report: LoaderReport) -> dict[str, object]:
    return {
        "loader": report.loader,
        "loader_call": report.loader_call,
        "defs_module": report.defs_module,
        "target_module": report.target_module,
        "walked": [{"module": m, "definitions": list(d)} for m, d in report.contributed],
        "skipped": [{"module": m, "reason": r} for m, r in report.skipped],
        "hand_loaded": [{"name": n, "resolved": r} for n, r in report.hand_loaded],
        "notes": list(report.notes),
    }


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
