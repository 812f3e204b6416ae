"""Factories: functions that build Dagster definitions when they are called.

`orders = make_table_asset("orders")` at module level loads an asset that is built inside
the function. The scan evaluates such a call when it can: the function's body, run with the
call's arguments bound (positional, keyword, defaults) to the values the scan knows, up to
its one `return` of a definition the body built (a decorated inner function, a Dagster
constructor). A factory of another module reaches the caller as the value of its name (a
`template`: the function's source and the names and constants of its module), through the
project map's values (scan/values.py). A parameter whose argument is not a known value
stays unknown, so what depends on it is unresolved, never guessed.

What cannot be evaluated (a factory with several returns, loops, data read at run time) is
named by `flake8-dgdefs list`: the scan records such functions and calls (`unevaluated`), and
the cache keeps them with the rest of the scan.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from flake8_dgdefs.api import CALLS, COPYING_LOADERS, DAGSTER_PACKAGES, DECORATORS
from flake8_dgdefs.model import Definition, Details, Factories, FactoryCall, pairs_of
from flake8_dgdefs.scan.nodes import CALL, find, local_names
from flake8_dgdefs.scan.values import FACTORY, Value, evaluate

if TYPE_CHECKING:  # pragma: no cover
    from flake8_dgdefs.scan import _Scanner


#: Factories calling factories: how deep a call is followed.
MAX_DEPTH = 4

#: The last names of what builds a definition (`builds`).
BUILDERS = frozenset(
    name.rpartition(".")[2] for name in (*DECORATORS, *CALLS) if name not in COPYING_LOADERS
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


# -- what the scan cannot evaluate: named by `list` ----------------------------------------
def builds(node: ast.AST) -> bool:
    """A node of a function body that builds a definition: an inner function with a Dagster
    decorator, or a call of a Dagster constructor (both by their last name)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return any(
            _last(d.func if isinstance(d, ast.Call) else d) in DECORATORS
            for d in node.decorator_list
        )
    return isinstance(node, ast.Call) and _last(node.func) in BUILDERS


def unevaluated(scanner: _Scanner, body: list[ast.stmt], makers: set[str]) -> Factories:
    """A module's factory functions (`makers`, found by the scan's walk of function bodies),
    its module-level bindings from calls of a project function the scan did not evaluate
    (an imported name, or a maker of this module; never a builtin or Dagster), and its
    module-level definitions changed by a copying method."""
    evaluated = {d.binding for d in scanner.definitions}
    evaluated.update(g.binding for g in scanner.loading.gathered)
    calls: list[FactoryCall] = []
    chained: list[FactoryCall] = []
    for stmt in body:
        if not isinstance(stmt, (ast.Assign, ast.AnnAssign)) or stmt.value is None:
            continue
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if not names:
            continue
        method = _copied(stmt.value)
        if method is not None:
            chained.append(FactoryCall(stmt.lineno, stmt.col_offset, names[0], method))
        if names[0] in evaluated:
            continue
        for node in find(stmt.value, CALL):
            called = _dotted(cast(ast.Call, node).func)
            if called is not None and _may_be_project(scanner, called, makers):
                calls.append(FactoryCall(stmt.lineno, stmt.col_offset, names[0], called))
    return Factories(tuple(sorted(makers)), tuple(calls), tuple(chained))


def _may_be_project(scanner: _Scanner, called: str, makers: set[str]) -> bool:
    head = called.partition(".")[0]
    if head not in scanner.imported:
        return called in makers
    return scanner.imported[head].partition(".")[0] not in DAGSTER_PACKAGES


def _copied(value: ast.expr) -> str | None:
    """`dg.AssetSpec(...).replace_attributes(...)`: the constructor and the method."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)):
        return None
    inner = value.func.value
    while isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute):
        if _last(inner.func) not in COPY_METHODS:
            break
        inner = inner.func.value
    if value.func.attr in COPY_METHODS and isinstance(inner, ast.Call) and builds(inner):
        return f"{_dotted(inner.func) or '?'}(...).{value.func.attr}"
    return None


# -- evaluating calls ---------------------------------------------------------------------
def is_factory(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Cheap test of a module-level function: its own body (not a nested block) builds a
    definition, with a decorated inner function or a returned or bound Dagster constructor."""
    if isinstance(function, ast.AsyncFunctionDef):
        return False  # calling it makes a coroutine, not a definition
    for stmt in function.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in stmt.decorator_list:
                callee = decorator.func if isinstance(decorator, ast.Call) else decorator
                if _last(callee) in DECORATORS:
                    return True
        elif isinstance(stmt, (ast.Return, ast.Assign)) and isinstance(stmt.value, ast.Call):
            if _last(stmt.value.func) in BUILDERS:
                return True
    return False


def template(scanner: _Scanner, function: ast.FunctionDef) -> tuple[Value, ...]:
    """How a factory function is exported to the modules that import it: its source, and
    its module's names (imports, and its own definitions by qualified name) and constants,
    as the module holds them once it has run."""
    names = {name: f"{scanner.module}.{name}" for name in (*scanner.bound, *scanner.factories)}
    names.update(scanner.imported)
    return (
        FACTORY,
        scanner.module,
        scanner.package,
        ast.unparse(function),
        tuple(sorted(names.items())),
        tuple(sorted(scanner.consts.items())),
        int(scanner.dagster_star),
    )


def evaluate_call(
    scanner: _Scanner, call: ast.Call, local: str | None, at: ast.stmt | ast.expr
) -> Definition | None:
    """The definition a call of a factory returns, placed at `at` and bound to `local`;
    None when the callee is not a factory or its result cannot be told."""
    if scanner.depth >= MAX_DEPTH:
        return None
    found = _factory(scanner, call.func)
    if found is None:
        return None
    function, inner = found
    inner.depth = scanner.depth + 1
    inner.hidden = frozenset(local_names(function))
    try:
        if not _bind(scanner, inner, function, call):
            return None
        result = _run(inner, function)
    finally:
        scanner.consts.asked |= inner.consts.asked
        inner.close()
    if result is None:
        return None
    return replace(
        result,
        binding=local,
        line=at.lineno,
        col=at.col_offset,
        details=_relocated(result.details, at.lineno, at.col_offset),
    )


def _factory(scanner: _Scanner, func: ast.expr) -> tuple[ast.FunctionDef, _Scanner] | None:
    """The factory a callee names, with a scanner set up as its module is when it runs."""
    if isinstance(func, ast.Name) and func.id in scanner.factories:
        inner = type(scanner)(scanner.module, False, scanner.consts.given)
        inner.package = scanner.package
        inner.imported = dict(scanner.imported)
        inner.consts.update(scanner.consts)
        inner.bound = dict(scanner.bound)
        inner.graphs = set(scanner.graphs)
        inner.factories = dict(scanner.factories)
        inner.dagster_star = scanner.dagster_star
        return scanner.factories[func.id], inner
    if not isinstance(func, (ast.Name, ast.Attribute)):
        return None
    value = scanner.consts.factory(func)
    if value is None or len(value) != 7:
        return None
    _, module, package, source, names, consts, star = value
    if not (isinstance(module, str) and isinstance(package, str) and isinstance(source, str)):
        return None
    function = _parsed(source)
    if function is None or not isinstance(names, tuple) or not isinstance(consts, tuple):
        return None
    inner = type(scanner)(module, False, scanner.consts.given)
    inner.package = package
    inner.imported = {str(n): str(q) for n, q in pairs_of(names)}
    inner.consts.update({str(n): cast(Value, v) for n, v in pairs_of(consts)})
    inner.dagster_star = bool(star)
    return function, inner


@lru_cache(maxsize=256)
def _parsed(source: str) -> ast.FunctionDef | None:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    function = tree.body[0] if len(tree.body) == 1 else None
    return function if isinstance(function, ast.FunctionDef) else None


#: What a parameter is bound to: a value, a definition, or a name of another module.
_Bound = tuple[str, object]


def _bind(caller: _Scanner, inner: _Scanner, function: ast.FunctionDef, call: ast.Call) -> bool:
    """Bind the call's arguments to the function's parameters in `inner`, as Python does;
    an argument that is not a known value leaves its parameter unknown. False when the call
    would raise (an argument too many, one missing) or cannot be read."""
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    keywords = {a.arg for a in (*args.args, *args.kwonlyargs)}
    params = [a.arg for a in (*positional, *args.kwonlyargs, args.vararg, args.kwarg) if a]
    given: dict[str, _Bound | None] = {}
    unknown = any(isinstance(a, ast.Starred) for a in call.args) or any(
        kw.arg is None for kw in call.keywords
    )
    if not unknown:
        if len(call.args) > len(positional) and args.vararg is None:
            return False
        for param, argument in zip(positional, call.args):
            given[param.arg] = _argument(caller, argument)
        for keyword in call.keywords:
            name = keyword.arg or ""
            if name in given or (name not in keywords and args.kwarg is None):
                return False
            if name in keywords:
                given[name] = _argument(caller, keyword.value)
        defaults = [
            *zip(positional[len(positional) - len(args.defaults):], args.defaults),
            *((a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None),
        ]
        for param, default in defaults:  # evaluated where the function is defined
            if param.arg not in given:
                given[param.arg] = _argument(inner, default)
        if any(a.arg not in given for a in (*positional, *args.kwonlyargs)):
            return False
    for name in params:
        inner.forget(name)
    for name, bound in given.items():
        if bound is None:
            continue
        what, value = bound
        if what == "value":
            inner.consts[name] = value  # type: ignore[assignment]
        elif what == "definition" and isinstance(value, Definition):
            inner.bound[name] = value
        elif what == "name" and isinstance(value, str):
            inner.imported[name] = value
    return True


def _argument(scanner: _Scanner, node: ast.expr) -> _Bound | None:
    value = evaluate(node, scanner.consts)
    if value is not None:
        return "value", value
    if isinstance(node, ast.Name) and node.id in scanner.bound:
        return "definition", scanner.bound[node.id]
    qualified = scanner.qualname(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
    return ("name", qualified) if qualified else None


def _run(inner: _Scanner, function: ast.FunctionDef) -> Definition | None:
    """Run the body up to its one `return`; the definition returned, if one is."""
    own = list(_own_nodes(function))
    returns = [node for node in own if isinstance(node, ast.Return)]
    if len(returns) != 1 or any(isinstance(node, (ast.Yield, ast.YieldFrom)) for node in own):
        return None
    returned = returns[0]
    index = next((i for i, stmt in enumerate(function.body) if stmt is returned), None)
    if index is None or returned.value is None:
        return None  # returned from inside a block: which value is not certain
    inner._statements(function.body[:index])
    value = returned.value
    if isinstance(value, ast.Name):
        bound = inner.bound.get(value.id)
        return None if bound is None or bound.conditional else bound  # bound in a branch
    if isinstance(value, ast.Call):
        return inner._called_definition(value, None, returned)
    return None


def _own_nodes(function: ast.FunctionDef) -> list[ast.AST]:
    """The nodes of a function's body, without those of nested functions and classes."""
    found: list[ast.AST] = []
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        found.append(node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def _relocated(details: Details, line: int, col: int) -> Details:
    """Details of a definition built in a factory, with what they leave unresolved placed
    at the call (the place `list` names), not inside the factory's body."""
    fields = dict.fromkeys(field for field, _, _ in details.unresolved)
    per_key = details.per_key
    job = details.partitioned_job
    return replace(
        details,
        unresolved=tuple((field, line, col) for field in fields),
        per_key=None if per_key is None
        else tuple((key, _relocated(inner, line, col)) for key, inner in per_key),
        partitioned_job=None if job is None else _relocated(job, line, col),
    )


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
