"""The rewrites, with libcst (a concrete syntax tree: formatting and comments are kept).

Two passes over one file: the code location drops its hand loading of moved modules
(list entries, emptied `Definitions(...)`, a `Definitions.merge(...)` left with one
argument, the imports only that loading used; a copying call left reading a module that
imports a moved definition names only that module's own ones, migrate/copies.py), then
every import of a moved module is pointed at its new place (relative imports recomputed
from the file's new place).
Imported only by migrate/__init__.py's apply path: the flake8 plugin never needs libcst.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping, Sequence, TypeVar

import libcst as cst
from libcst.helpers import get_full_name_for_node

from flake8_dgdefs.migrate.copies import OwnOnly, add_imports, module_locals, splice
from flake8_dgdefs.migrate.plan import Holding, Refusal, Renames

#: `Definitions(...)` keywords that list definitions the autoloader now finds itself.
LISTED = ("assets", "asset_checks", "jobs", "schedules", "sensors")
#: Calls that copy the definitions of the modules in their first argument (a list).
LOAD_MODULES = (
    "load_assets_from_modules",
    "load_asset_checks_from_modules",
    "load_definitions_from_modules",
)
#: Calls that read one module or package (first argument).
LOAD_ONE = (
    "load_assets_from_package_module",
    "load_asset_checks_from_package_module",
    "load_definitions_from_package_module",
    "load_definitions_from_module",
)


@dataclass(frozen=True)
class FileContext:
    """One file: its module name before and after the moves (None outside the package)."""

    module: str | None
    is_package: bool
    new_module: str | None
    code_location: bool
    modules: frozenset[str]  # the project's module names, before the moves
    #: What the code location's `load_*_from_modules([...])` calls read (migrate/plan.py).
    holdings: Mapping[str, Holding] = field(default_factory=dict)


def rewrite(source: str, context: FileContext, renames: Renames) -> str:
    """The file's new text (the same text when nothing changes). Raises Refusal."""
    try:
        tree = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        raise Refusal(f"cannot parse: {str(exc).splitlines()[0]}") from None
    if context.code_location:
        before = _usage(tree)
        names = module_locals(tree, context.modules, lambda node: _absolute(context, node))
        copies = OwnOnly(tree, source, context.holdings, renames, names)
        remover = HandLoadRemover(context, renames, _moved_locals(tree, context, renames), copies)
        changed = tree.visit(remover)
        if remover.changed:
            tree = changed.visit(UnusedImports(before, _usage(changed)))
        if copies.imports:
            tree = add_imports(tree, copies.imports)
    tree = tree.visit(ImportRewriter(context, renames, _chain_heads(tree)))
    return tree.code


# -- names ----------------------------------------------------------------------------------
def _dotted(node: cst.BaseExpression | None) -> str:
    if node is None:
        return ""
    return get_full_name_for_node(node) or ""


def _expr(dotted: str) -> cst.Attribute | cst.Name:
    head, _, last = dotted.rpartition(".")
    if not head:
        return cst.Name(last)
    return cst.Attribute(value=_expr(head), attr=cst.Name(last))


def _absolute(context: FileContext, node: cst.ImportFrom) -> str | None:
    """The absolute module a `from` import reads (relative ones resolved from the file)."""
    name = _dotted(node.module) if node.module is not None else ""
    level = len(node.relative)
    if not level:
        return name
    if context.module is None:
        return None
    package = context.module if context.is_package else context.module.rpartition(".")[0]
    parts = package.split(".") if package else []
    if level - 1 >= len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, *([name] if name else [])])


def _relative(package: str, target: str) -> tuple[int, str] | None:
    """(dots, rest) naming `target` from `package`; None when they share no top package."""
    have = package.split(".")
    want = target.split(".")
    common = 0
    while common < min(len(have), len(want)) and have[common] == want[common]:
        common += 1
    if common == 0:
        return None
    return len(have) - common + 1, ".".join(want[common:])


def _moved_locals(tree: cst.Module, context: FileContext, renames: Renames) -> set[str]:
    """Local names bound to a moved module or to something imported from one."""
    found: set[str] = set()

    class Finder(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> bool:
            for alias in node.names:
                if alias.asname is not None and renames.map(_dotted(alias.name)):
                    found.add(_dotted(alias.asname.name))
            return False

        def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
            source = _absolute(context, node)
            if source is None or isinstance(node.names, cst.ImportStar):
                return False
            for alias in node.names:
                name = _dotted(alias.name)
                local = _dotted(alias.asname.name) if alias.asname is not None else name
                if renames.map(source) or renames.map(f"{source}.{name}"):
                    found.add(local)
            return False

    tree.visit(Finder())
    return found


def _chain_heads(tree: cst.Module) -> set[str]:
    """Names bound by a plain `import a.b` (the chains `a.b.x` then name modules)."""
    found: set[str] = set()

    class Finder(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> bool:
            for alias in node.names:
                if alias.asname is None:
                    found.add(_dotted(alias.name).split(".")[0])
            return False

    tree.visit(Finder())
    return found


def _usage(tree: cst.Module) -> Counter[str]:
    """How often each name and dotted chain is read outside import statements."""
    counts: Counter[str] = Counter()
    skip: set[int] = set()

    class Counting(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> bool:
            return False

        def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
            return False

        def visit_Arg(self, node: cst.Arg) -> None:
            if node.keyword is not None:
                skip.add(id(node.keyword))

        def visit_Attribute(self, node: cst.Attribute) -> None:
            skip.add(id(node.attr))
            name = get_full_name_for_node(node)
            if name:
                counts[name] += 1

        def visit_Name(self, node: cst.Name) -> None:
            if id(node) not in skip:
                counts[node.value] += 1

    tree.visit(Counting())
    return counts


def _used(counts: Counter[str], name: str) -> bool:
    return counts[name] > 0 or any(key.startswith(name + ".") for key in counts)


Element = TypeVar("Element", cst.Element, cst.Arg, cst.ImportAlias)


def _drop(items: Sequence[Element], keep: list[Element]) -> list[Element]:
    """`keep`, with the last one's comma as the original last one had it."""
    if not keep or not items or keep[-1] is items[-1]:
        return keep
    result = list(keep[:-1])
    result.append(keep[-1].with_changes(comma=items[-1].comma))
    return result


# -- the code location ----------------------------------------------------------------------
class HandLoadRemover(cst.CSTTransformer):
    """Drops what the code location loads by hand from moved modules."""

    def __init__(
        self,
        context: FileContext,
        renames: Renames,
        moved: set[str],
        copies: OwnOnly | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.renames = renames
        self.moved = moved
        self.copies = copies
        #: Calls left with nothing to load, by id; the node is kept so its id stays unique.
        self.emptied: dict[int, cst.CSTNode] = {}
        #: Lists of attributes made from a call: spliced into a list that spreads them.
        self.spliced: dict[int, cst.List] = {}
        self.changed = False

    def _moved_ref(self, node: cst.BaseExpression) -> bool:
        name = _dotted(node)
        if not name or not isinstance(node, (cst.Name, cst.Attribute)):
            return False
        return name.split(".")[0] in self.moved or self.renames.map(name) is not None

    def _gone(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.StarredElement):
            return self._gone(node.value)
        return id(node) in self.emptied or self._moved_ref(node)

    def _filter(self, node: cst.List | cst.Tuple) -> cst.List | cst.Tuple | None:
        """The list without moved entries; None when nothing is left of a non-empty one."""
        elements = list(node.elements)
        keep = [e for e in elements if not self._gone(e.value)]
        if len(keep) == len(elements):
            return node
        self.changed = True
        if not keep:
            return None
        return node.with_changes(elements=_drop(elements, keep))

    def _own_only(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """A copying call left reading a module that imports a moved definition: it would
        copy that definition again next to the autoloaded original (OwnOnly)."""
        assert self.copies is not None
        result = self.copies.rewrite(original, updated)
        if result is updated:
            return updated
        self.changed = True
        if result is None:
            self.emptied[id(updated)] = updated
            return updated
        if isinstance(result, cst.List) and id(result) in self.copies.bare:
            self.spliced[id(result)] = result
        return result

    def leave_List(self, original: cst.List, updated: cst.List) -> cst.BaseExpression:
        return splice(updated, self.spliced)

    def leave_Tuple(self, original: cst.Tuple, updated: cst.Tuple) -> cst.BaseExpression:
        return splice(updated, self.spliced)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        callee = _dotted(updated.func)
        last = callee.rpartition(".")[2]
        if last in LOAD_MODULES and updated.args:
            first = updated.args[0]
            if isinstance(first.value, (cst.List, cst.Tuple)):
                kept = self._filter(first.value)
                if kept is None:
                    self.emptied[id(updated)] = updated
                    return updated
                if kept is not first.value:
                    updated = updated.with_changes(
                        args=[first.with_changes(value=kept), *updated.args[1:]]
                    )
                if self.copies is not None:
                    return self._own_only(original, updated)
            return updated
        if last in LOAD_ONE and updated.args and self._moved_ref(updated.args[0].value):
            self.changed = True
            self.emptied[id(updated)] = updated
            return updated
        if callee.endswith("Definitions.merge") or callee == "merge":
            args = list(updated.args)
            keep = [a for a in args if id(a.value) not in self.emptied]
            if len(keep) == len(args):
                return updated
            self.changed = True
            if len(keep) == 1 and not keep[0].star and keep[0].keyword is None:
                return keep[0].value.with_changes(
                    lpar=updated.lpar or keep[0].value.lpar,
                    rpar=updated.rpar or keep[0].value.rpar,
                )
            result = updated.with_changes(args=_drop(args, keep))
            if not keep:
                self.emptied[id(result)] = result
            return result
        if last == "Definitions" and updated.args:
            args = list(updated.args)
            keep = []
            for arg in args:
                keyword = arg.keyword.value if arg.keyword is not None else None
                if keyword not in LISTED:
                    keep.append(arg)
                    continue
                value = arg.value
                if isinstance(value, (cst.List, cst.Tuple)):
                    kept = self._filter(value)
                    if kept is not None:
                        keep.append(arg.with_changes(value=kept) if kept is not value else arg)
                elif not self._gone(value):
                    keep.append(arg)
                else:
                    self.changed = True
            if len(keep) == len(args) and all(k is a for k, a in zip(keep, args)):
                return updated
            self.changed = True
            result = updated.with_changes(args=_drop(args, keep))
            if not keep:
                self.emptied[id(result)] = result
            return result
        return updated


class UnusedImports(cst.CSTTransformer):
    """Drops the names of top-level imports that were read before the change, not after."""

    def __init__(self, before: Counter[str], after: Counter[str]) -> None:
        super().__init__()
        self.before = before
        self.after = after
        self.carry: Sequence[cst.EmptyLine] = ()

    def _gone(self, name: str) -> bool:
        return _used(self.before, name) and not _used(self.after, name)

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        if len(updated.body) != 1 or not isinstance(updated.body[0], (cst.Import, cst.ImportFrom)):
            return self._carried(updated)
        statement = updated.body[0]
        if isinstance(statement.names, cst.ImportStar):
            return self._carried(updated)
        aliases = list(statement.names)
        keep = []
        for alias in aliases:
            name = _dotted(alias.asname.name if alias.asname is not None else alias.name)
            if not self._gone(name):
                keep.append(alias)
        if len(keep) == len(aliases):
            return self._carried(updated)
        if not keep:
            comments = [line for line in updated.leading_lines if line.comment is not None]
            if comments:  # a comment above a dropped import stays, on the next statement
                self.carry = [*self.carry, *comments]
            return cst.RemoveFromParent()
        return self._carried(updated.with_changes(
            body=[statement.with_changes(names=_drop(aliases, keep))]
        ))

    def _carried(self, node: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        if not self.carry:
            return node
        lines = [*node.leading_lines, *self.carry]
        self.carry = ()
        return node.with_changes(leading_lines=lines)


# -- imports --------------------------------------------------------------------------------
class ImportRewriter(cst.CSTTransformer):
    """Points every import of a moved module (and chains `a.b.x` of `import a.b`) at its
    new place, and recomputes the relative imports of moved files."""

    def __init__(self, context: FileContext, renames: Renames, heads: set[str]) -> None:
        super().__init__()
        self.context = context
        self.renames = renames
        self.heads = heads
        self.in_import = 0

    def visit_Import(self, node: cst.Import) -> bool:
        self.in_import += 1
        return True

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        self.in_import += 1
        return True

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        self.in_import -= 1
        aliases = []
        for alias in updated.names:
            new = self.renames.map(_dotted(alias.name))
            aliases.append(alias.with_changes(name=_expr(new)) if new else alias)
        return updated.with_changes(names=aliases)

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        self.in_import -= 1
        return updated

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        if self.in_import:
            return updated
        name = _dotted(updated)
        if not name or name.split(".")[0] not in self.heads:
            return updated
        for move in self.renames.moves:
            if name == move.old:
                return _expr(move.new).with_changes(lpar=updated.lpar, rpar=updated.rpar)
        return updated

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.SimpleStatementLine]:
        lines: list[cst.SimpleStatementLine] = []
        body: list[cst.BaseSmallStatement] = []
        for statement in updated.body:
            if not isinstance(statement, cst.ImportFrom):
                body.append(statement)
                continue
            parts = self._from(statement)
            if len(parts) > 1 and len(updated.body) > 1:
                raise Refusal("an import to split shares its line with other statements")
            if len(parts) > 1:
                lines = [
                    updated.with_changes(
                        body=[part],
                        leading_lines=updated.leading_lines if i == 0 else [],
                        trailing_whitespace=(
                            updated.trailing_whitespace
                            if i == len(parts) - 1
                            else cst.TrailingWhitespace()
                        ),
                    )
                    for i, part in enumerate(parts)
                ]
                return cst.FlattenSentinel(lines)
            body.append(parts[0])
        return updated.with_changes(body=body)

    def _from(self, node: cst.ImportFrom) -> list[cst.ImportFrom]:
        """The statement pointed at the new places; several when its names part ways."""
        source = _absolute(self.context, node)
        if source is None:
            return [node]
        moved_file = self.context.module != self.context.new_module
        if isinstance(node.names, cst.ImportStar):
            return [self._retarget(node, self.renames.new_name(source), moved_file)]
        groups: dict[str, list[cst.ImportAlias]] = {}
        for alias in node.names:
            name = _dotted(alias.name)
            submodule = self.renames.map(f"{source}.{name}")
            if submodule is not None and f"{source}.{name}" in self.context.modules:
                where = submodule.rpartition(".")[0]
            else:
                where = self.renames.new_name(source)
            groups.setdefault(where, []).append(alias)
        if len(groups) == 1:
            return [self._retarget(node, next(iter(groups)), moved_file)]
        aliases = list(node.names)
        parts = []
        for where, names in groups.items():
            part = node.with_changes(names=_drop(aliases, names))
            if part.lpar is not None and len(names) == 1:
                part = part.with_changes(lpar=None, rpar=None, names=[
                    names[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                ])
            parts.append(self._retarget(part, where, True))
        return parts

    def _retarget(self, node: cst.ImportFrom, where: str, recompute: bool) -> cst.ImportFrom:
        source = _absolute(self.context, node)
        if where == source and not (recompute and node.relative):
            return node
        if not node.relative:
            return node.with_changes(module=_expr(where))
        new_module = self.context.new_module or ""
        package = new_module if self.context.is_package else new_module.rpartition(".")[0]
        relative = _relative(package, where) if package else None
        if relative is None:
            return node.with_changes(module=_expr(where), relative=[])
        dots, rest = relative
        old_rest = _dotted(node.module) if node.module is not None else ""
        if dots == len(node.relative) and rest == old_rest:
            return node
        return node.with_changes(
            relative=[cst.Dot() for _ in range(dots)],
            module=_expr(rest) if rest else None,
        )
