"""A function's straight-line locals, as a `Definitions(...)` call inside it sees them.

A name bound once, by a statement of the body's top level written before the call, to a
value the scan evaluates (a constant, a Dagster constructor, a factory call, a
comprehension of them): what it holds is built where it is passed. Any other local stays
unknown, and is never taken for the module's name of the same spelling. Read by
`scan.loading.LoadingFacts` while the function's names are masked (`_Scanner.masked`).
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

from flake8_dgdefs.model import Definition
from flake8_dgdefs.scan.partitions import partitions_value
from flake8_dgdefs.scan.values import evaluate

if TYPE_CHECKING:  # pragma: no cover
    from flake8_dgdefs.scan import _Scanner
    from flake8_dgdefs.scan.loading import LoadingFacts

#: How a function's local is spelled where a qualified name is expected
#: (`pkg.definitions.defs.<locals>.orders`): it names no module attribute, so the resolver
#: never takes it for the module's name of the same spelling.
LOCALS = "<locals>"

Function = Union[ast.FunctionDef, ast.AsyncFunctionDef]


@dataclass
class Locals:
    """The straight-line locals a `Definitions(...)` call of a function sees."""

    #: Every name the function binds, in nested scopes too (a call may be in one), but
    #: its imports (mostly what the module imports too, as `scan.masked` takes them).
    own: frozenset[str] = frozenset()
    #: Local name -> the definitions it holds: one, or a comprehension's.
    built: dict[str, tuple[Definition, ...]] = field(default_factory=dict)
    prefix: str = ""  # `pkg.module.function.<locals>.`: a local's qualified spelling


OUTSIDE = Locals()


def bind_locals(facts: LoadingFacts, function: Function, call: ast.Call) -> Locals:
    """Evaluate, in order, the statements `name = value` of the function body's top
    level before the one holding `call`, for each name bound once in the whole function
    (no branch, loop, `with`, second binding, parameter, `global` or `nonlocal`): a
    constant goes to the scanner's constants, a definition to its bound names (both
    restored when the masked scope ends); anything else leaves the name unknown."""
    counts, declared, imported = _bindings(function)
    found = Locals(
        own=frozenset(counts) - imported,
        prefix=f"{facts.scanner.module}.{function.name}.{LOCALS}.",
    )
    parents: dict[int, ast.AST] | None = None
    for stmt in function.body:
        if any(node is call for node in ast.walk(stmt)):
            break
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None and stmt.simple:
            target, value = stmt.target, stmt.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        name = target.id
        if counts[name] != 1 or name in declared:
            continue
        if isinstance(value, (ast.List, ast.ListComp)):
            parents = parents if parents is not None else _parents(function)
            if not _kept(facts.scanner, name, function, parents):
                continue  # a list that may change in place (`specs.append(...)`)
        _bind_local(facts, name, value, stmt, found, function)
    return found


def _bind_local(
    facts: LoadingFacts, name: str, value: ast.expr, stmt: ast.stmt, found: Locals,
    function: Function,
) -> None:
    scanner = facts.scanner
    binding = f"{function.name}.{LOCALS}.{name}"  # as details spell it after the module
    held: tuple[Definition, ...] = ()
    one = False  # the local holds one definition (not a sequence of them)
    if isinstance(value, ast.Call):
        definition = scanner._called_definition(value, binding, stmt)
        if definition is not None:
            if definition.reloads:
                return  # `load_assets_from_modules(...)`: read as a call (`call`)
            held, one = (definition,), True
    elif isinstance(value, ast.ListComp):
        held = tuple(facts.comprehended(value, stmt))
    elif isinstance(value, (ast.List, ast.Tuple)):
        held = _sequence(scanner, value, found)
    elif isinstance(value, ast.Name) and value.id in found.built:
        held, one = found.built[value.id], value.id in scanner.bound
    if held:
        found.built[name] = held
        if one:
            scanner.bound[name] = held[0]
        return
    const = evaluate(value, scanner.consts)
    if const is None:
        const = partitions_value(scanner, value)
    if const is not None:
        scanner.consts[name] = const


def _sequence(
    scanner: _Scanner, value: ast.List | ast.Tuple, found: Locals
) -> tuple[Definition, ...]:
    """`[orders, *sheets, dg.AssetSpec("x")]`: what each item holds, when the scan
    builds every item; () when one is anything else (a constant list, too)."""
    held: list[Definition] = []
    for item in value.elts:
        starred = isinstance(item, ast.Starred)
        if isinstance(item, ast.Starred):
            item = item.value
        if isinstance(item, ast.Name) and item.id in found.built:
            if starred == (item.id in scanner.bound):  # `*one`, or a nested list
                return ()
            held.extend(found.built[item.id])
            continue
        if starred:
            return ()
        definition = scanner._called_definition(item, None, item)
        if definition is None or definition.reloads:
            return ()
        held.append(definition)
    return tuple(held)


def _kept(
    scanner: _Scanner, name: str, function: Function, parents: dict[int, ast.AST]
) -> bool:
    """True when a local list cannot change after it is built: wherever it is used, its
    items are read or copied out (`name[0]`, `*name`, `name + [...]`, iterated) or the
    list is handed, maybe inside a list or a tuple, to a Dagster call (which never
    changes it). Anything else (`name.append(...)`, `name[0] = ...`, another function)
    may change it."""
    uses = (
        node for node in ast.walk(function)
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)
    )
    return all(_copied_out(scanner, use, parents) for use in uses)


def _copied_out(scanner: _Scanner, node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    parent = parents.get(id(node))
    if isinstance(parent, (ast.Starred, ast.BinOp)):
        return True  # its items go into a new sequence
    if isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Load):
        return parent.value is node and isinstance(node, ast.Name)  # an item read
    if isinstance(parent, (ast.comprehension, ast.For)):
        return parent.iter is node and isinstance(node, ast.Name)
    while isinstance(parent, (ast.List, ast.Tuple, ast.keyword)):  # handed on as it is
        node, parent = parent, parents.get(id(parent))
    return (
        isinstance(parent, ast.Call)
        and parent.func is not node
        and scanner.dagster_name(parent.func) is not None
    )


def _bindings(function: Function) -> tuple[Counter[str], set[str], set[str]]:
    """How many times each name is bound anywhere in a function (its parameters, nested
    functions, comprehensions and imports included: more than needed, never less), the
    names it declares `global` or `nonlocal`, and those it imports."""
    counts: Counter[str] = Counter()
    declared: set[str] = set()
    imported: set[str] = set()
    for node in ast.walk(function):
        if node is function:
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            counts[node.id] += 1
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            counts[node.name] += 1
        elif isinstance(node, ast.arg):
            counts[node.arg] += 1
        elif isinstance(node, ast.alias):
            counts[(node.asname or node.name).partition(".")[0]] += 1
            imported.add((node.asname or node.name).partition(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            counts[node.name] += 1
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            declared.update(node.names)
        else:
            for attribute in ("name", "rest"):  # match captures: `case x`, `**rest`, `*xs`
                captured = getattr(node, attribute, None)
                if isinstance(captured, str) and type(node).__name__.startswith("Match"):
                    counts[captured] += 1
    return counts, declared, imported


def own_names(function: Function) -> set[str]:
    """The names local to a function's own scope, which hide the module's there: its
    parameters and what its body binds (not inside nested functions, lambdas, classes or
    comprehensions; not its imports, which mostly import again what the module has, as
    `scan.masked` takes them). A name declared `global` and bound here counts too: the
    module's value of it is not certain when the function has run."""
    arguments = function.args
    names = {
        a.arg
        for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                  arguments.vararg, arguments.kwarg)
        if a
    }
    nested = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, nested):
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        stack.extend(ast.iter_child_nodes(node))
    return names


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
