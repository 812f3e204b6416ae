"""A hand loader that stays must not copy what now loads from defs.

`load_assets_from_modules([late])` copies every asset `late` holds (`dir(late)`), also one
it imports from a moved module: after the move that copy collides with the autoloaded
original (`Duplicate asset key`). The code location's call is rewritten to name only
what `late` holds of its own, as Dagster 1.13 loads it:

- no `group_name`: the objects themselves, `[late.a, late.b]` (spliced into a list that
  spread the call: `[*load_assets_from_modules([late]), x]` -> `[late.a, late.b, x]`);
- `group_name=g`: `map_asset_specs(lambda spec: spec.replace_attributes(group_name=g),
  [late.a, late.b])`, which is what the loader does to each copy;
- modules of the call that import nothing moved keep being loaded by the call:
  `[*load_assets_from_modules([other], group_name=g), *map_asset_specs(...)]`.

A `key_prefix` gives every copied `AssetsDefinition` a new key: such a call copies without
colliding and is left as it is. What cannot be named faithfully is refused, naming the
call and the imported definitions. Used by migrate/rewrite.py's HandLoadRemover.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence, TypeVar

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper, PositionProvider

from flake8_dgdefs.migrate.plan import Held, Holding, Refusal, Renames
from flake8_dgdefs.model import ASSET, ASSET_CHECK

#: The copying helpers, and the category of what each copies.
COPYING = {"load_assets_from_modules": ASSET, "load_asset_checks_from_modules": ASSET_CHECK}
#: Kinds that are `AssetsDefinition` objects (what `map_asset_specs` maps, what a key
#: prefix renames); "source asset" / "observable_source_asset" are SourceAssets.
ASSETS_DEFINITIONS = frozenset(
    {
        "asset",
        "multi_asset",
        "graph_asset",
        "graph_multi_asset",
        "multi_observable_source_asset",
        "asset_check",
        "multi_asset_check",
    }
)
#: `load_assets_from_modules` skips AssetSpecs unless `include_specs=True`.
SPECS = frozenset({"asset spec"})
#: Arguments kept (by position too): the group and the prefix.
ARGUMENTS = {
    "load_assets_from_modules": ("modules", "group_name", "key_prefix"),
    "load_asset_checks_from_modules": ("modules", "asset_key_prefix"),
}
WIDTH = 99  # the last column a generated line may reach (a comma may follow)

_Listed = TypeVar("_Listed", cst.List, cst.Tuple)


class OwnOnly:
    """Rewrites the code location's copying calls to name only their modules' own
    definitions (see the module docstring). One instance per file."""

    def __init__(
        self,
        tree: cst.Module,
        source: str,
        holdings: Mapping[str, Holding],
        renames: Renames,
        locals_: Mapping[str, str],
    ) -> None:
        self.holdings = holdings
        self.renames = renames
        self.locals = locals_
        self.lines = source.splitlines()
        self.positions = (
            MetadataWrapper(tree, unsafe_skip_copy=True).resolve(PositionProvider)
            if holdings
            else {}
        )
        self.imports: set[str] = set()  # dagster names the rewrites use unqualified
        self.bare: set[int] = set()  # ids of the plain lists made (they may be spliced)

    def module_of(self, node: cst.BaseExpression) -> str | None:
        name = get_full_name_for_node(node) if isinstance(node, (cst.Name, cst.Attribute)) else None
        if not name:
            return None
        head, _, rest = name.partition(".")
        if head not in self.locals:
            return None
        module = self.locals[head] + (f".{rest}" if rest else "")
        return module if module in self.holdings else None

    def rewrite(self, original: cst.Call, call: cst.Call) -> cst.BaseExpression | None:
        """The call itself when nothing of it changes; None when it is left copying
        nothing; else what replaces it. Raises Refusal."""
        helper = (get_full_name_for_node(call.func) or "").rpartition(".")[2]
        category = COPYING.get(helper)
        first = call.args[0].value if call.args else None
        if category is None or not isinstance(first, (cst.List, cst.Tuple)):
            return call
        entries = list(first.elements)
        modules = [self.module_of(e.value) for e in entries]
        if any(m is None or isinstance(e, cst.StarredElement) for m, e in zip(modules, entries)):
            return call  # not seen: what loads is checked after the rewrite
        holdings = [self.holdings[m] for m in modules if m is not None]
        moved = {
            h.module: [x for x in h.held if x.category == category and self._moved(x)]
            for h in holdings
        }
        if not any(moved.values()):
            return call
        shown = _shown(helper, entries, call, self.positions.get(original))
        sources: dict[tuple[str, str], list[str]] = {}
        for holding in holdings:
            for held in moved[holding.module]:
                sources.setdefault((holding.module, held.origin), []).append(held.name)
        imported = "; ".join(
            f"{', '.join(names)}, which {module} imports from {origin}"
            for (module, origin), names in sources.items()
        )
        error = "Duplicate asset key" if category == ASSET else "Duplicate asset check key"

        def refuse(reason: str) -> Refusal:
            return Refusal(
                f"{shown} would copy {imported}, next to the autoloaded original ({error});"
                f" not rewritten: {reason}"
            )

        options = _options(call, ARGUMENTS[helper], refuse)
        prefix = options.get("key_prefix") or options.get("asset_key_prefix")
        if prefix is not None and not _is_none(prefix):
            if all(x.kind in ASSETS_DEFINITIONS for xs in moved.values() for x in xs):
                return call  # the copies take prefixed keys: no collision
            raise refuse("a key_prefix does not rename the copies of source assets")
        group = options.get("group_name")
        group = None if group is None or _is_none(group) else group
        spelled = [h for h in holdings if moved[h.module]]
        plain = [h for h in holdings if not moved[h.module]]
        for holding in spelled:
            if holding.star_imports:
                raise refuse(
                    f"{holding.module} star-imports {', '.join(holding.star_imports)}: what it"
                    " holds is not known name by name"
                )
        own: list[tuple[cst.BaseExpression, Held]] = []
        seen: set[object] = set()
        for entry, holding in zip(entries, holdings):
            if not moved[holding.module]:
                continue
            for held in holding.held:
                if held.category != category or self._moved(held) or held.kind in SPECS:
                    continue
                key: object = (holding.module, held.name) if held.gathered else held.identity
                if key in seen:
                    continue
                seen.add(key)
                if group is not None and (
                    held.gathered or held.kind not in ASSETS_DEFINITIONS
                ):
                    raise refuse(
                        f"{holding.module}.{held.name} is a {_what(held)}: group_name cannot"
                        " be applied to it by map_asset_specs"
                    )
                own.append((entry.value, held))
        shared = {x.identity for h in plain for x in h.held} & {x.identity for _, x in own}
        if shared:
            raise refuse("its other modules hold some of the same definitions")
        if not own and not plain:
            return None
        return self._build(original, call, entries, holdings, plain, own, group)

    def _moved(self, held: Held) -> bool:
        return self.renames.map(held.origin) is not None

    def _build(
        self,
        original: cst.Call,
        call: cst.Call,
        entries: list[cst.BaseElement],
        holdings: list[Holding],
        plain: list[Holding],
        own: list[tuple[cst.BaseExpression, Held]],
        group: cst.BaseExpression | None,
    ) -> cst.BaseExpression:
        code = cst.Module([]).code_for_node
        position = self.positions.get(original)
        column = position.start.column if position is not None else 0
        line = self.lines[position.start.line - 1] if position is not None else ""
        base = line[: len(line) - len(line.lstrip())]
        refs = [
            ("*" if held.gathered or held.kind.endswith(" list") else "")
            + f"{code(entry)}.{held.name}"
            for entry, held in own
        ]
        refs_list = _Layout("[", refs, "]")
        spelled: _Layout | str = refs_list
        if group is not None:
            if isinstance(call.func, cst.Attribute):
                mapper = f"{code(call.func.value)}.map_asset_specs"
            else:
                mapper = "map_asset_specs"
                self.imports.add("map_asset_specs")
            spelled = _Layout(
                f"{mapper}(",
                [f"lambda spec: spec.replace_attributes(group_name={code(group)})", refs_list],
                ")",
            )
        result: _Layout | str = spelled
        if plain:
            first = call.args[0]
            assert isinstance(first.value, (cst.List, cst.Tuple))
            keep = [e for e, h in zip(entries, holdings) if h in plain]
            kept = first.value.with_changes(
                elements=[e.with_changes(comma=cst.MaybeSentinel.DEFAULT) for e in keep]
            )
            others = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in call.args[1:]]
            loader = call.with_changes(
                args=[cst.Arg(kept), *others],
                whitespace_before_args=cst.SimpleWhitespace(""),
            )
            loader_code = " ".join(code(loader).split())
            if group is None:
                result = _Layout("[", [f"*{loader_code}", *refs], "]")
            else:
                result = _Layout("[", [f"*{loader_code}", _Starred(spelled)], "]")
        text = result.render(column, base) if isinstance(result, _Layout) else result
        expression = cst.parse_expression(text).with_changes(lpar=call.lpar, rpar=call.rpar)
        if isinstance(expression, cst.List) and result is refs_list:
            self.bare.add(id(expression))
        return expression


class _Layout:
    """`open item, item close` on one line when it fits, else one item a line."""

    def __init__(self, open_: str, items: Sequence[_Layout | _Starred | str], close: str) -> None:
        self.open = open_
        self.items = items
        self.close = close

    def flat(self) -> str:
        return self.open + ", ".join(_flat(item) for item in self.items) + self.close

    def render(self, column: int, base: str) -> str:
        flat = self.flat()
        if column + len(flat) <= WIDTH:
            return flat
        inner = base + "    "
        lines = [self.open]
        for item in self.items:
            lines.append(f"{inner}{_render(item, len(inner), inner)},")
        lines.append(base + self.close)
        return "\n".join(lines)


class _Starred:
    def __init__(self, layout: _Layout | str) -> None:
        self.layout = layout


def _flat(item: _Layout | _Starred | str) -> str:
    if isinstance(item, _Starred):
        return "*" + _flat(item.layout)
    return item.flat() if isinstance(item, _Layout) else item


def _render(item: _Layout | _Starred | str, column: int, base: str) -> str:
    if isinstance(item, _Starred):
        return "*" + _render(item.layout, column + 1, base)
    return item.render(column, base) if isinstance(item, _Layout) else item


def _options(
    call: cst.Call, names: tuple[str, ...], refuse: Callable[[str], Refusal]
) -> dict[str, cst.BaseExpression]:
    """The call's arguments after the first, by name; anything else is refused."""
    found: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args[1:], 1):
        keyword = arg.keyword.value if arg.keyword is not None else None
        name = keyword if keyword is not None else (names[index] if index < len(names) else "")
        if arg.star or name not in names[1:]:
            what = keyword or cst.Module([]).code_for_node(arg).strip(", ")
            raise refuse(f"its argument {what} is not kept by the rewrite")
        found[name] = arg.value
    return found


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _what(held: Held) -> str:
    return "list of definitions" if held.gathered or held.kind.endswith(" list") else held.kind


def _shown(
    helper: str, entries: list[cst.BaseElement], call: cst.Call, position: object
) -> str:
    code = cst.Module([]).code_for_node
    names = ", ".join(code(e.value) for e in entries)
    more = ", ..." if len(call.args) > 1 else ""
    line = getattr(getattr(position, "start", None), "line", None)
    where = f" (line {line})" if line is not None else ""
    return f"{helper}([{names}]{more}){where}"


def module_locals(
    tree: cst.Module, modules: frozenset[str], absolute: Callable[[cst.ImportFrom], str | None]
) -> dict[str, str]:
    """Local names bound to a project module (`from app import late`, `import app.late as
    x`), and `import app.late` chains spelled out: what a `[late]` entry names."""
    found: dict[str, str] = {}

    class Finder(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> bool:
            for alias in node.names:
                name = _name(alias.name)
                if alias.asname is not None:
                    found[_name(alias.asname.name)] = name
                else:
                    parts = name.split(".")
                    for end in range(1, len(parts) + 1):
                        found.setdefault(".".join(parts[:end]), ".".join(parts[:end]))
            return False

        def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
            source = absolute(node)
            if source is None or isinstance(node.names, cst.ImportStar):
                return False
            for alias in node.names:
                name = _name(alias.name)
                local = _name(alias.asname.name) if alias.asname is not None else name
                found[local] = f"{source}.{name}" if source else name
            return False

    tree.visit(Finder())
    return {local: name for local, name in found.items() if name in modules}


def splice(node: _Listed, spliced: Mapping[int, cst.List]) -> _Listed:
    """`[*[late.a, late.b], x]` -> `[late.a, late.b, x]`, each on the line layout of the
    element it replaces."""
    elements = list(node.elements)
    if not any(
        isinstance(e, cst.StarredElement) and id(e.value) in spliced for e in elements
    ):
        return node
    result: list[cst.BaseElement] = []
    for index, element in enumerate(elements):
        inner = spliced.get(id(element.value)) if isinstance(
            element, cst.StarredElement
        ) else None
        if inner is None:
            result.append(element)
            continue
        comma = element.comma
        if not isinstance(comma, cst.Comma):
            before = elements[index - 1].comma if index else cst.MaybeSentinel.DEFAULT
            comma = before if isinstance(before, cst.Comma) else cst.Comma(
                whitespace_after=cst.SimpleWhitespace(" ")
            )
        items = [cst.Element(value=e.value) for e in inner.elements]
        for number, item in enumerate(items):
            last = number == len(items) - 1
            result.append(item.with_changes(comma=element.comma if last else comma))
    return node.with_changes(elements=result)


def _name(node: cst.BaseExpression) -> str:
    return get_full_name_for_node(node) or ""


def add_imports(tree: cst.Module, names: set[str]) -> cst.Module:
    """`from dagster import <name>` for each name a rewrite uses unqualified."""
    context = CodemodContext()
    for name in sorted(names):
        AddImportsVisitor.add_needed_import(context, "dagster", name)
    return AddImportsVisitor(context).transform_module(tree)
