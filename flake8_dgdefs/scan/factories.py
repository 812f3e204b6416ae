"""Factories: functions that build Dagster definitions when they are called.

`orders = make_table_asset("orders")` at module level in a defs module loads an asset the
scan cannot name (it is built inside the function). The listing does not guess it: it
names the call as a definition it cannot see. This module finds such functions and calls
in source text; pure (source in, plain data out), and cheap: a module is parsed only when
its text has an indented Dagster decorator or constructor, or when the project has a
factory at all.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from flake8_dgdefs.api import CALLS, COPYING_LOADERS, DECORATORS

_BUILDERS = sorted(
    {name.rpartition(".")[2] for name in (*DECORATORS, *CALLS) if name not in COPYING_LOADERS}
)
_DECORATOR_NAMES = "|".join(DECORATORS)
_BUILDER_NAMES = "|".join(_BUILDERS)
#: A definition built inside a function: an indented Dagster decorator, or an indented
#: `return` / `yield` / `name = ` (PEP 8 spacing, unlike keyword arguments) of a constructor.
_INDENTED = re.compile(
    rf"^[ \t]+(?:@[\w.]*\b(?:{_DECORATOR_NAMES})\b"
    rf"|(?:return|yield)\s+[\w.]*\b(?:{_BUILDER_NAMES})\s*\("
    rf"|\w+\s+=\s+[\w.]*\b(?:{_BUILDER_NAMES})\s*\()",
    re.MULTILINE,
)


#: Methods of Dagster definitions that return a changed copy (`spec.replace_attributes(...)`).
COPY_METHODS = (
    "replace_attributes",
    "merge_attributes",
    "with_attributes",
    "with_io_manager_key",
    "with_hooks",
    "with_retry_policy",
    "with_top_level_resources",
)
_CHAINED = re.compile(rf"\)\s*\.\s*(?:{'|'.join(COPY_METHODS)})\s*\(")


@dataclass(frozen=True)
class FactoryCall:
    """A module-level `name = factory(...)` (or a list of such calls)."""

    line: int
    col: int
    binding: str
    factory: str  # the called name as written: `make_asset`, `factories.make_asset`


@dataclass(frozen=True)
class ModuleFactories:
    makers: frozenset[str] = frozenset()  # module-level functions that build definitions
    calls: tuple[FactoryCall, ...] = ()  # module-level assignments from a call of a name
    #: Dagster constructors written inside a `Definitions(...)` call (binding "Definitions").
    inline: tuple[FactoryCall, ...] = ()
    #: Module-level `name = dg.AssetSpec(...).replace_attributes(...)` (factory: the method).
    chained: tuple[FactoryCall, ...] = ()


def may_build(source: bytes) -> bool:
    """Cheap test: can this module hold a function that builds Dagster definitions?"""
    return _INDENTED.search(source.decode("utf-8", "replace")) is not None


def may_chain(source: bytes) -> bool:
    """Cheap test: does this module call a copying method on a just-built definition?"""
    return _CHAINED.search(source.decode("utf-8", "replace")) is not None


def read_factories(
    source: bytes, calls: bool, inline: bool = False, chained: bool = False
) -> ModuleFactories:
    """The factory functions of a module, (when `calls`) its module-level call sites,
    (when `inline`) the definitions built inside its `Definitions(...)` calls, and (when
    `chained`) its module-level definitions changed by a copying method."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return ModuleFactories()
    makers = frozenset(
        stmt.name
        for stmt in tree.body
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and _builds(stmt)
    )
    sites: list[FactoryCall] = []
    if calls:
        for stmt in tree.body:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else []
            if isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                targets = [stmt.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            value = getattr(stmt, "value", None)
            if not names or value is None:
                continue
            for node in ast.walk(value):
                if isinstance(node, ast.Call):
                    called = _dotted(node.func)
                    if called is not None:
                        sites.append(FactoryCall(stmt.lineno, stmt.col_offset, names[0], called))
    return ModuleFactories(
        makers,
        tuple(sites),
        _inline(tree) if inline else (),
        _chained(tree) if chained else (),
    )


def _chained(tree: ast.Module) -> tuple[FactoryCall, ...]:
    found: list[FactoryCall] = []
    for stmt in tree.body:
        if not isinstance(stmt, (ast.Assign, ast.AnnAssign)) or stmt.value is None:
            continue
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        value = stmt.value
        if not (names and isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)):
            continue
        inner = value.func.value
        while isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute):
            if _last(inner.func) not in COPY_METHODS:
                break
            inner = inner.func.value
        if (
            value.func.attr in COPY_METHODS
            and isinstance(inner, ast.Call)
            and _last(inner.func) in _BUILDERS
        ):
            built = _dotted(inner.func) or "?"
            method = f"{built}(...).{value.func.attr}"
            found.append(FactoryCall(stmt.lineno, stmt.col_offset, names[0], method))
    return tuple(found)


def _inline(tree: ast.AST) -> tuple[FactoryCall, ...]:
    found: list[FactoryCall] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _last(node.func) == "Definitions"):
            continue
        for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
            for inner in ast.walk(argument):
                if isinstance(inner, ast.Call) and _last(inner.func) in _BUILDERS:
                    name = _dotted(inner.func) or "?"
                    found.append(FactoryCall(inner.lineno, inner.col_offset, "Definitions", name))
    return tuple(found)


def _builds(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for node in ast.walk(function):
        if node is function:
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                callee = decorator.func if isinstance(decorator, ast.Call) else decorator
                if _last(callee) in DECORATORS:
                    return True
        elif isinstance(node, ast.Call):
            name = _last(node.func)
            if name in _BUILDERS and name not in COPYING_LOADERS:
                return True
    return False


def _last(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None
