"""`scan.nodes.find`: what `ast.walk` gives, filtered, in the same order."""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

import pytest

from flake8_dgdefs.scan.nodes import CALL, find

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"
STDLIB = Path(sysconfig.get_paths()["stdlib"])

ODD = '''
global_name = 1
def f(a, /, b: int = 2, *args, c, **kw) -> "str":  # type: ignore[misc]
    global global_name
    match a:
        case {"k": [1, *rest]} if rest: print(rest)
        case Point(x=0, y=yy) | None: g(yy)
        case str() as s: h(f"{s!r:>{width()}}")
        case _: pass
    try:
        lambda: (yield from gen())
    except ValueError as error:
        raise RuntimeError() from error
    {**kw, None: [x async for x in aiter()]}
    return [i for i in range(3) if call(i)][0]
'''

KINDS = (
    CALL,
    frozenset({ast.Call, ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef}),
    frozenset({ast.Name, ast.Constant, ast.alias, ast.arg, ast.keyword, ast.match_case}),
    frozenset({ast.MatchAs, ast.MatchMapping, ast.comprehension, ast.JoinedStr, ast.Lambda}),
)


def _trees() -> list[tuple[str, ast.AST]]:
    paths = sorted(TESTDATA.rglob("*.py")) + sorted(STDLIB.glob("*.py"))[:60]
    trees = [("ODD", ast.parse(ODD, type_comments=True))]
    for path in paths:
        try:
            trees.append((str(path), ast.parse(path.read_bytes(), type_comments=True)))
        except (SyntaxError, ValueError):
            continue
    return trees


@pytest.mark.parametrize("kinds", KINDS, ids=range(len(KINDS)))
def test_find_gives_what_ast_walk_gives(kinds: frozenset[type]) -> None:
    trees = _trees()
    assert len(trees) > 100
    for name, tree in trees:
        expected = [node for node in ast.walk(tree) if type(node) in kinds]
        assert find(tree, kinds) == expected, name
        for top in getattr(tree, "body", []):
            assert find(top, kinds) == [n for n in ast.walk(top) if type(n) in kinds], name
