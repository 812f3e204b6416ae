"""The scan passes over function bodies whose lines name nothing it looks for
(scan.mentions): it must find exactly what a walk of every body finds."""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

import pytest

from flake8_dgdefs.scan import scan_source, scan_tree
from flake8_dgdefs.scan.mentions import any_within, lines_mentioning, shortest

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"
STDLIB = Path(sysconfig.get_paths()["stdlib"])

#: Bodies that hold what the walk looks for, named only through an alias, a decorator
#: above the statement's own line, a keyword, an import.
SOURCES = {
    "alias": b"""\
from dagster import load_from_defs_folder as lf, Definitions as D
from pathlib import Path

def defs():
    return D.merge(lf(project_root=Path(__file__).parent.parent), D())
""",
    "decorated inner": b"""\
import dagster as dg

def make(name):
    @dg.asset(name=name)
    def built():
        return 1
    return built

table = make("table")
""",
    "method": b"""\
from dagster import load_defs as ld
import pkg.defs as m

class Holder:
    @staticmethod
    def defs():
        return ld(m)
""",
    "deps and import": b"""\
import dagster as dg

def later():
    import dagster
    return dagster.Definitions(assets=[])

def keyword(upstream):
    return dg.AssetSpec("x", deps=upstream)
""",
    "star": b"""\
from dagster import *

def defs():
    return load_from_defs_folder(project_root=".")
""",
}
#: Texts whose names or lines the parser may read otherwise than the bytes show them.
UNREADABLE = {
    "lone CR": b"import dagster as dg\rdef defs():\r    return dg.Definitions()\r",
    "non-ASCII name": "import dagster as \uff44\uff47\ndef f():\n    return dg.x()\n".encode(),
    "coding": b"# coding: utf-7\nimport dagster as dg\n",
    "coding, second line": b"#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nx = 1\n",
}


def _sources() -> list[tuple[str, bytes]]:
    found = list(SOURCES.items())
    found += [(name, text.replace(b"\n", b"\r\n")) for name, text in SOURCES.items()]
    paths = sorted(TESTDATA.rglob("*.py")) + sorted(STDLIB.glob("*.py"))[:80]
    found += [(str(path), path.read_bytes()) for path in paths]
    return found


def test_a_scan_that_passes_over_bodies_finds_what_walking_every_body_finds() -> None:
    passed_over = 0
    for name, source in _sources():
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        walked = scan_tree(tree, "pkg.defs.module", False)
        assert scan_source(source, "pkg.defs.module", False) == walked, name
        lines = lines_mentioning(source, (b"import",))
        passed_over += lines is not None and len(lines) < source.count(b"\n")
    assert passed_over > 100


@pytest.mark.parametrize("name", SOURCES)
def test_each_body_that_holds_a_definition_or_a_load_is_found(name: str) -> None:
    scan = scan_source(SOURCES[name], "pkg.defs.module")
    found = (
        scan.loader_calls, scan.factories.makers, scan.loading.manual_loads,
        scan.loading.definitions_objects, scan.loading.deps_names,
        [ref for ref in scan.imports if not ref.module_level],
    )
    assert any(found), scan


@pytest.mark.parametrize("name", UNREADABLE)
def test_a_text_the_parser_may_read_otherwise_walks_every_body(name: str) -> None:
    assert lines_mentioning(UNREADABLE[name], (b"dg",)) is None


def test_lines_mentioning_counts_lines_as_the_parser_does() -> None:
    text = b"a = 1\r\n\r\nimport b\r\nx = 'import'\n# deps\n"
    assert lines_mentioning(text, (b"import", b"deps")) == [3, 4, 5]
    assert lines_mentioning(text, (b"nothing",)) == []
    assert any_within([3, 9], 4, 8) is False
    assert any_within([3, 9], 4, 9) is True
    assert any_within([3, 9], 3, 3) is True
    assert shortest(["asset", "multi_asset", "job", "to_job", "sensor"]) == (
        b"asset", b"job", b"sensor",
    )
