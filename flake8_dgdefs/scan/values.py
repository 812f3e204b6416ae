"""Static values: what an expression of a module evaluates to, when that is certain.

A value is a str, an int (bool included) or a tuple of values; a list is read as a tuple.
`evaluate` knows literals, the module's constants, f-strings, `+`, `%` and `.format` of
values, and subscripts of constant sequences. Anything else is None: never guessed.

A name imported from another module (`from .settings import PREFIX`, `settings.GROUP`) is
looked up by its qualified name in `Constants.given`, which the project map fills from the
other modules' constants (`Resolver.constant`); every such name asked for is recorded in
`Constants.asked`, so that the map knows what to give when it scans the module again.
"""

from __future__ import annotations

import ast
import re
import string
from typing import Callable, Mapping, Union

Value = Union[str, int, tuple["Value", ...]]

#: First item of the value a factory function is exported as (scan.factories.template):
#: never a value to `evaluate`, only a function to call.
FACTORY = "<factory>"

#: Packages whose attributes are never project constants.
NOT_CONSTANTS = frozenset({"dagster", "dagster_components", "os", "sys", "pathlib"})

#: `%` formats without width or precision: the result stays as small as its parts.
_PERCENT = re.compile(r"%(?:%|[sdi])")
_PERCENT_ANY = re.compile(r"%.")


class Constants(dict[str, Value]):
    """The module's constants by local name, and the values of names it imports."""

    def __init__(
        self, qualname: Callable[[ast.expr], str | None], given: Mapping[str, Value] | None = None
    ) -> None:
        super().__init__()
        self.qualname = qualname
        self.given: Mapping[str, Value] = given or {}
        self.asked: set[str] = set()

    def imported(self, node: ast.expr) -> Value | None:
        """The value of an imported name or an attribute of an imported module."""
        qualified = self.qualname(node)
        if qualified is None or qualified.partition(".")[0] in NOT_CONSTANTS:
            return None
        self.asked.add(qualified)
        value = self.given.get(qualified)
        return None if is_factory(value) else value

    def factory(self, node: ast.expr) -> tuple[Value, ...] | None:
        """The exported factory function an imported name reaches (scan.factories)."""
        qualified = self.qualname(node)
        if qualified is None or qualified.partition(".")[0] in NOT_CONSTANTS:
            return None
        self.asked.add(qualified)
        value = self.given.get(qualified)
        return value if isinstance(value, tuple) and is_factory(value) else None


def is_factory(value: object) -> bool:
    """True for the value a factory function is exported as."""
    return isinstance(value, tuple) and bool(value) and value[0] == FACTORY


def evaluate(node: ast.expr | None, consts: Mapping[str, Value]) -> Value | None:
    """The value of an expression, or None when it is not certain."""
    if node is None:
        return None
    if isinstance(node, ast.Constant):
        value = node.value
        return value if isinstance(value, (str, int)) else None
    if isinstance(node, ast.Name):
        if node.id in consts:
            return consts[node.id]
        return consts.imported(node) if isinstance(consts, Constants) else None
    if isinstance(node, ast.Attribute):
        return consts.imported(node) if isinstance(consts, Constants) else None
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [evaluate(item, consts) for item in node.elts]
        known = [item for item in items if item is not None]
        return tuple(known) if len(known) == len(items) else None
    if isinstance(node, ast.JoinedStr):
        return _fstring(node, consts)
    if isinstance(node, ast.BinOp):
        return _binary(node, consts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        operand = evaluate(node.operand, consts)
        return -operand if type(operand) is int else None
    if isinstance(node, ast.Subscript):
        sequence, index = evaluate(node.value, consts), evaluate(node.slice, consts)
        if isinstance(sequence, (tuple, str)) and type(index) is int:
            if -len(sequence) <= index < len(sequence):
                return sequence[index]
        return None
    if isinstance(node, ast.Call):
        return _format_call(node, consts)
    return None


def _fstring(node: ast.JoinedStr, consts: Mapping[str, Value]) -> str | None:
    parts = []
    for part in node.values:
        if isinstance(part, ast.FormattedValue):
            if part.conversion != -1 or part.format_spec is not None:
                return None
            value = evaluate(part.value, consts)
        else:
            value = evaluate(part, consts)
        if not isinstance(value, (str, int)):
            return None
        parts.append(str(value))
    return "".join(parts)


def _binary(node: ast.BinOp, consts: Mapping[str, Value]) -> Value | None:
    left, right = evaluate(node.left, consts), evaluate(node.right, consts)
    if left is None or right is None:
        return None
    if isinstance(node.op, ast.Add):
        if isinstance(left, str) and isinstance(right, str):
            return left + right
        if isinstance(left, tuple) and isinstance(right, tuple):
            return left + right
        if type(left) is int and type(right) is int:
            return left + right
        return None
    if isinstance(node.op, ast.Mod) and isinstance(left, str):
        # Only %s, %d, %i and %%: no width, so no value can grow without bound.
        if len(_PERCENT.findall(left)) != len(_PERCENT_ANY.findall(left)):
            return None
        arguments = right if isinstance(right, tuple) else (right,)
        try:
            return left % arguments
        except (TypeError, ValueError):
            return None
    return None


def _format_call(node: ast.Call, consts: Mapping[str, Value]) -> str | None:
    """`"{}_summary".format(x)` with plain replacement fields and value arguments."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "format"):
        return None
    template = evaluate(func.value, consts)
    if not isinstance(template, str) or any(
        isinstance(argument, ast.Starred) for argument in node.args
    ):
        return None
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for _, field, spec, conversion in fields:
        # Plain fields only: `{}`, `{0}`, `{name}`; no attribute, index, spec or conversion.
        if field is not None and (spec or conversion or not _plain_field(field)):
            return None
    args = [evaluate(argument, consts) for argument in node.args]
    kwargs = {kw.arg: evaluate(kw.value, consts) for kw in node.keywords if kw.arg}
    if len(kwargs) != len(node.keywords) or any(
        v is None for v in [*args, *kwargs.values()]
    ):
        return None
    try:
        return template.format(*args, **kwargs)
    except (IndexError, KeyError, ValueError):
        return None


def _plain_field(field: str) -> bool:
    return field == "" or field.isdigit() or field.isidentifier()
