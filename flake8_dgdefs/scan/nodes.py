"""Walking syntax trees: a faster `ast.walk` for the scan's hot loops, and the names a
function binds itself.

`walk` gives the same nodes in the same (breadth-first) order as `ast.walk`, except the
expression contexts (`Load`, `Store`, `Del`: a third of all nodes, never what the scan
looks for), and without `ast.iter_child_nodes`'s two generators per node. Measured on the
2,000-module benchmark project's function bodies: 683,000 nodes in 545 ms with `ast.walk`,
473,000 in 296 ms with this.
"""

from __future__ import annotations

import ast
from collections import deque
from typing import Iterator

_FIELDS: dict[type, tuple[str, ...]] = {}


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """`node` and every node below it, breadth first, expression contexts left out."""
    todo = deque((node,))
    while todo:
        node = todo.popleft()
        yield node
        kind = type(node)
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(name for name in kind._fields if name != "ctx")
        for name in names:
            child = getattr(node, name, None)
            if type(child) is list:
                todo.extend(item for item in child if isinstance(item, ast.AST))
            elif isinstance(child, ast.AST):
                todo.append(child)


def local_names(scope: ast.stmt) -> set[str]:
    """The names a function (or class) binds itself: parameters, targets, inner functions
    and classes (not imports, which mostly import again what the module has)."""
    names: set[str] = set()
    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    inner = scope.body if isinstance(scope, scopes) else []
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        arguments = scope.args
        names.update(
            a.arg
            for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                      arguments.vararg, arguments.kwarg)
            if a
        )
    for top in inner:
        for node in ast.walk(top):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                names.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
    return names
