"""`flake8-dgdefs migrate`: the guide's migration, done by the tool and proved by it.

This module holds only the command's arguments, so that `flake8-dgdefs list` does not
import the command (`migrate/command.py`: the plan, the rewrites, the move and the
verification) to build its parser.
"""

from __future__ import annotations

import argparse
from typing import TextIO

__all__ = ["configure", "run_migrate"]


def configure(parser: argparse.ArgumentParser) -> None:
    """The arguments of `flake8-dgdefs migrate`."""
    parser.set_defaults(migrate_parser=parser)
    parser.add_argument("path", nargs="?", default=".", help="a file or folder of the project")
    parser.add_argument(
        "--module",
        action="append",
        default=[],
        dest="modules",
        metavar="MODULE",
        help="move only this module or package (repeatable); default: every one outside"
        " defs holding definitions the autoloader does not reach",
    )
    parser.add_argument(
        "--apply",
        action="store_true",
        help="carry the plan out, verify what loads, restore everything on a difference",
    )


def run_migrate(args: argparse.Namespace, out: TextIO) -> int:
    """The command (migrate/command.py); every problem is one line on stderr."""
    from flake8_dgdefs.migrate.command import run_migrate as run

    return run(args, out)
