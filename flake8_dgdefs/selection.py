"""`flake8-dgdefs list --assets` and `--path`: dg's filters, applied to a static listing.

`--assets` takes the asset selection syntax of `dg list defs --assets`, as Dagster's
`AssetSelection.from_string` reads it: first its grammar (`key:`, `group:`, `kind:`,
`tag:`, `owner:`, `is:`, `+`/`*` traversals with depths, `and`/`or`/`not`, parentheses,
`sinks()`/`roots()`), then, if that fails, the older forms (`a/b`, `+a`, `*a+`, `tag:k=v`).
Resolution follows Dagster's: `*`, `not`, `group:`, `kind:`, `tag:` and upstream traversals
keep only materializable assets; `key:` and `owner:` see every asset, stubs too; a selection
that selects nothing lists every asset (and no check), as `dg list defs` does; only assets
and their checks are listed, never jobs, schedules or sensors.

A value the listing left unresolved is never guessed: an asset that may or may not be
selected because of it is left out and named in the listing's `unseen` entries.

`--path` keeps what the autoloader collects from the modules under a path of the defs
folder (their own definitions and those they import), with a stub for each dependency
defined elsewhere, as `dg list defs --path` builds the definitions of that part of the tree.

Pure: no disk, no import of Dagster.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Callable, Collection, Iterable, Iterator, Mapping, Union

from flake8_dgdefs.listing import (
    COLUMNS,
    DEFAULT_GROUP,
    AssetEntry,
    CheckEntry,
    Listing,
    Unresolved,
)
from flake8_dgdefs.loading import AUTOLOADED, Loaded, LoadModel

#: How Dagster stores a kind among an asset's tags.
KIND_PREFIX = "dagster/kind/"
#: Decorators whose assets are executable (observed) but not materializable.
OBSERVABLE_KINDS = ("observable_source_asset", "multi_observable_source_asset")


class SelectionError(ValueError):
    """A selection or option dg would refuse (or that cannot be resolved statically)."""


def parse_columns(values: Iterable[str]) -> tuple[str, ...]:
    """`--columns` as dg reads it: one comma-separated value, or one column per flag;
    `name` is `key`, a singular is its plural; `key` is always the first column."""
    given = list(values)
    if len(given) == 1 and "," in given[0]:
        given = given[0].split(",")
    columns = []
    for value in given:
        column = value.lower()
        column = "key" if column == "name" else column
        if column not in COLUMNS and column + "s" in COLUMNS:
            column += "s"
        if column not in COLUMNS:
            raise SelectionError(
                f"--columns: invalid column {value!r} (available: {', '.join(COLUMNS)})"
            )
        columns.append(column)
    return tuple(columns) if "key" in columns else ("key", *columns)


# -- the syntax tree ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Everything:
    """`*`: every materializable asset."""


@dataclass(frozen=True)
class KeyPattern:
    """`key:a/b`, `key:raw/*`: keys matching the pattern (`*` is any text), stubs too."""

    pattern: str


@dataclass(frozen=True)
class Keys:
    """The older form `a/b`: these exact keys, which must exist."""

    keys: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    name: str | None  # None: `group:<null>`, nothing


@dataclass(frozen=True)
class Kind:
    name: str | None  # None: `kind:<null>`, the assets without kinds


@dataclass(frozen=True)
class Tag:
    key: str
    value: str  # "" for `tag:k`: the tag set with an empty value


@dataclass(frozen=True)
class Owner:
    owner: str | None


@dataclass(frozen=True)
class Is:
    attribute: str  # "external" or "materializable"


@dataclass(frozen=True)
class Upstream:
    child: Selection
    depth: int | None  # None: all the way


@dataclass(frozen=True)
class Downstream:
    child: Selection
    depth: int | None


@dataclass(frozen=True)
class Not:
    child: Selection


@dataclass(frozen=True)
class And:
    left: Selection
    right: Selection


@dataclass(frozen=True)
class Or:
    left: Selection
    right: Selection


@dataclass(frozen=True)
class Sinks:
    child: Selection


@dataclass(frozen=True)
class Roots:
    child: Selection


@dataclass(frozen=True)
class Unsupported:
    """An attribute Dagster's grammar has but a static listing cannot resolve."""

    attribute: str


Selection = Union[
    Everything, KeyPattern, Keys, Group, Kind, Tag, Owner, Is, Upstream, Downstream, Not, And,
    Or, Sinks, Roots, Unsupported,
]


# -- parsing -----------------------------------------------------------------------------------
#: The lexer rules of Dagster's AssetSelection.g4, in its order: the longest match wins,
#: the first rule on a tie (so `and` is AND, `*` is STAR, `a*` a wildcard string).
_TOKENS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("EQUAL", "="),
        ("AND", "and|AND"),
        ("OR", "or|OR"),
        ("NOT", "not|NOT"),
        ("STAR", r"\*"),
        ("PLUS", r"\+"),
        ("DIGITS", "[0-9]+"),
        ("COLON", ":"),
        ("LPAREN", r"\("),
        ("RPAREN", r"\)"),
        ("COMMA", ","),
        ("KEY", "key"),
        ("OWNER", "owner"),
        ("GROUP", "group"),
        ("TAG", "tag"),
        ("KIND", "kind"),
        ("IS", "is"),
        ("CODE_LOCATION", "code_location"),
        ("STATUS", "status"),
        ("COLUMN", "column"),
        ("TABLE_NAME", "table_name"),
        ("COLUMN_TAG", "column_tag"),
        ("CHANGED_IN_BRANCH", "changed_in_branch"),
        ("PARTITIONS", "partitions"),
        ("AUTOMATION_TYPE", "automation_type"),
        ("SENSOR", "sensor"),
        ("SCHEDULE", "schedule"),
        ("JOB", "job"),
        ("SINKS", "sinks"),
        ("ROOTS", "roots"),
        ("QUOTED_STRING", r'"[^"\\\r\n]*"'),
        ("UNQUOTED_STRING", "[a-zA-Z_][a-zA-Z0-9_/]*"),
        ("UNQUOTED_WILDCARD_STRING", r"[a-zA-Z_*][a-zA-Z0-9_*/]*"),
        ("NULL_STRING", "<null>"),
    )
)
_SPACE = re.compile(r"[ \t\r\n]+")
_VALUE_TOKENS = ("NULL_STRING", "QUOTED_STRING", "UNQUOTED_STRING", "SENSOR", "SCHEDULE", "JOB")
_KEY_TOKENS = ("QUOTED_STRING", "UNQUOTED_STRING", "UNQUOTED_WILDCARD_STRING")
#: Attributes of the grammar that only a running Dagster instance can answer.
_UNSUPPORTED = {
    "CODE_LOCATION": "code_location",
    "STATUS": "status",
    "COLUMN": "column",
    "TABLE_NAME": "table_name",
    "COLUMN_TAG": "column_tag",
    "CHANGED_IN_BRANCH": "changed_in_branch",
    "PARTITIONS": "partitions",
    "AUTOMATION_TYPE": "automation_type",
    "SENSOR": "sensor",
    "SCHEDULE": "schedule",
    "JOB": "job",
}
_IS_VALUES = ("external", "materializable")
#: The older clause syntax (dagster's `parse_clause`).
_CLAUSE = re.compile(r"^(\*?\+*)?([./\w\d\[\]?_-]+)(\+*\*?)?$")


class _NoParse(Exception):
    """The grammar does not accept the text: Dagster then tries the older forms."""


def parse(text: str) -> Selection:
    """The selection `AssetSelection.from_string(text)` builds, or SelectionError."""
    try:
        tree = _Parser(_tokens(text)).start()
    except _NoParse:
        return _parse_older(text)
    unsupported = next(_unsupported(tree), None)
    if unsupported is not None:
        raise SelectionError(
            f"--assets: {unsupported}: is not supported: only Dagster knows it at run time"
        )
    return tree


def _tokens(text: str) -> list[tuple[str, str]]:
    found = []
    at = 0
    while at < len(text):
        space = _SPACE.match(text, at)
        if space is not None:
            at = space.end()
            continue
        best: tuple[str, str] | None = None
        for name, pattern in _TOKENS:
            match = pattern.match(text, at)
            if match is not None and match.end() > at:
                if best is None or len(match.group()) > len(best[1]):
                    best = (name, match.group())
        if best is None:
            raise _NoParse
        found.append(best)
        at += len(best[1])
    return found


class _Parser:
    """Recursive descent over Dagster's grammar: `not` binds tighter than `and`, `and`
    tighter than `or`; traversals apply to an attribute, a call or parentheses."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self, offset: int = 0) -> str | None:
        at = self.at + offset
        return self.tokens[at][0] if at < len(self.tokens) else None

    def take(self, *names: str) -> str:
        if self.peek() not in names:
            raise _NoParse
        self.at += 1
        return self.tokens[self.at - 1][1]

    def start(self) -> Selection:
        tree = self.expr()
        if self.peek() is not None:
            raise _NoParse
        return tree

    def expr(self) -> Selection:
        tree = self.conjunction()
        while self.peek() == "OR":
            self.take("OR")
            tree = Or(tree, self.conjunction())
        return tree

    def conjunction(self) -> Selection:
        tree = self.unary()
        while self.peek() == "AND":
            self.take("AND")
            tree = And(tree, self.unary())
        return tree

    def unary(self) -> Selection:
        if self.peek() == "NOT":
            self.take("NOT")
            return Not(self.unary())
        if self.peek() == "STAR":
            self.take("STAR")
            return Everything()
        up: int | None | bool = False  # False: no upstream traversal
        if self.peek() == "PLUS" or (self.peek() == "DIGITS" and self.peek(1) == "PLUS"):
            digits = self.take("DIGITS") if self.peek() == "DIGITS" else None
            self.take("PLUS")
            up = int(digits) if digits is not None else None
        tree = self.traversable()
        down: int | None | bool = False
        if self.peek() == "PLUS":
            self.take("PLUS")
            down = int(self.take("DIGITS")) if self.peek() == "DIGITS" else None
        if up is not False and down is not False:
            return Or(Upstream(tree, _depth(up)), Downstream(tree, _depth(down)))
        if up is not False:
            return Upstream(tree, _depth(up))
        if down is not False:
            return Downstream(tree, _depth(down))
        return tree

    def traversable(self) -> Selection:
        token = self.peek()
        if token == "LPAREN":
            self.take("LPAREN")
            tree = self.expr()
            self.take("RPAREN")
            return tree
        if token in ("SINKS", "ROOTS"):
            self.take(token)
            self.take("LPAREN")
            child = self.expr()
            self.take("RPAREN")
            return Sinks(child) if token == "SINKS" else Roots(child)
        return self.attribute()

    def attribute(self) -> Selection:
        token = self.peek()
        if token == "KEY":
            self.take("KEY")
            self.take("COLON")
            return KeyPattern(self.take(*_KEY_TOKENS).strip('"'))
        if token in ("TAG", "COLUMN_TAG"):
            self.take(token)
            self.take("COLON")
            key = self.value()
            value = None
            if self.peek() == "EQUAL":
                self.take("EQUAL")
                value = self.value()
            if token == "COLUMN_TAG":
                return Unsupported("column_tag")
            if key is None:  # Dagster's visitor fails on `tag:<null>`: the older forms
                raise _NoParse
            return Tag(key, value or "")
        if token in ("OWNER", "GROUP", "KIND", "IS", *_UNSUPPORTED):
            assert token is not None
            self.take(token)
            self.take("COLON")
            value = self.value()
            if token == "OWNER":
                return Owner(value)
            if token == "GROUP":
                return Group(value)
            if token == "KIND":
                return Kind(value)
            if token == "IS":
                if value not in _IS_VALUES:  # Dagster's visitor refuses it
                    raise _NoParse
                return Is(value)
            return Unsupported(_UNSUPPORTED[token])
        raise _NoParse

    def value(self) -> str | None:
        token = self.peek()
        text = self.take(*_VALUE_TOKENS)
        if token == "NULL_STRING":
            return None
        return text.strip('"') if token == "QUOTED_STRING" else text


def _depth(value: int | None | bool) -> int | None:
    return None if value is None or isinstance(value, bool) else value


def _parse_older(text: str) -> Selection:
    """What `from_string` does when the grammar fails: one clause, or `tag:k=v`."""
    if text == "*":
        return Everything()
    match = _CLAUSE.search(text.strip())
    if match is not None:
        before, key, after = match.groups()
        keys = Keys((key,))
        up, down = _clause_depth(before or ""), _clause_depth(after or "")
        if up and down:
            return Or(Upstream(keys, up), Downstream(keys, down))
        if up:
            return Upstream(keys, up)
        if down:
            return Downstream(keys, down)
        return keys
    if text.startswith("tag:"):
        parts = text[len("tag:"):].split("=")
        if len(parts) > 2:
            raise SelectionError(
                f"--assets: invalid tag selection string: {text[len('tag:'):]}."
                " Must have no more than one '='."
            )
        return Tag(parts[0], parts[1] if len(parts) == 2 else "")
    raise SelectionError(f"--assets: invalid selection string: {text}")


def _clause_depth(part: str) -> int:
    """0: none; `*`: all the way (Dagster's `sys.maxsize`); else the number of `+`."""
    return sys.maxsize if "*" in part else len(part)


def _unsupported(tree: Selection) -> Iterator[str]:
    if isinstance(tree, Unsupported):
        yield tree.attribute
    elif isinstance(tree, (Upstream, Downstream, Not, Sinks, Roots)):
        yield from _unsupported(tree.child)
    elif isinstance(tree, (And, Or)):
        yield from _unsupported(tree.left)
        yield from _unsupported(tree.right)


# -- resolving ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Resolved:
    """The keys a selection surely selects, and those it may select (`sure` included): the
    difference depends on values the listing could not resolve."""

    sure: frozenset[str]
    maybe: frozenset[str]


#: Unresolved fields that leave an asset's key unknown.
_KEY_FIELDS = ("asset_key", "key", "key_prefix")


class AssetGraph:
    """The listing's assets as Dagster's asset graph: keys, parents, children."""

    def __init__(
        self, assets: Iterable[AssetEntry], materializable: Callable[[AssetEntry], bool]
    ) -> None:
        self.entries = {entry.key: entry for entry in assets if entry.key is not None}
        self.parents: dict[str, tuple[str, ...]] = {}
        self.children: dict[str, list[str]] = {key: [] for key in self.entries}
        for key, entry in self.entries.items():
            self.parents[key] = tuple(dep for dep in entry.deps if dep in self.entries)
            for dep in self.parents[key]:
                self.children[dep].append(key)
        self.materializable = frozenset(k for k, e in self.entries.items() if materializable(e))
        self.unknown = {
            key: frozenset(u.field for u in entry.unresolved)
            for key, entry in self.entries.items()
        }
        #: Assets whose parents are not all known: any asset may be upstream of them.
        self.open = frozenset(k for k, f in self.unknown.items() if "dependency_keys" in f)

    def resolve(self, tree: Selection) -> Resolved:
        """The keys the selection resolves to, as `AssetSelection.resolve` computes them."""
        if isinstance(tree, Everything):
            return Resolved(self.materializable, self.materializable)
        if isinstance(tree, KeyPattern):
            regex = _wildcard(tree.pattern)
            return self._where(lambda k, e: True if regex.match(k) else False, _KEY_FIELDS, False)
        if isinstance(tree, Keys):
            missing = [key for key in tree.keys if key not in self.entries]
            if missing:
                raise SelectionError(
                    f"--assets: AssetKey(s) {missing} were selected, but no AssetsDefinition"
                    " objects supply these keys"
                )
            keys = frozenset(tree.keys)
            return Resolved(keys, keys)
        if isinstance(tree, Group):
            return self._group(tree)
        if isinstance(tree, Kind):
            name = tree.name
            if name is None:
                return self._where(lambda k, e: not e.kinds, ("kinds",), True)
            return self._where(lambda k, e: name in e.kinds, ("kinds",), True)
        if isinstance(tree, Tag):
            tag = tree
            fields = ("tags", "kinds")
            return self._where(lambda k, e: _tags(e).get(tag.key) == tag.value, fields, True)
        if isinstance(tree, Owner):
            owner = tree.owner
            return self._where(lambda k, e: owner in e.owners, ("owners",), False)
        if isinstance(tree, Is):
            if tree.attribute == "materializable":
                return Resolved(self.materializable, self.materializable)
            external = frozenset(self.entries) - self.materializable
            return Resolved(external, external)
        if isinstance(tree, Upstream):
            return self._upstream(self.resolve(tree.child), tree.depth)
        if isinstance(tree, Downstream):
            return self._downstream(self.resolve(tree.child), tree.depth)
        if isinstance(tree, Not):
            child = self.resolve(tree.child)
            return Resolved(
                self.materializable - child.maybe, self.materializable - child.sure
            )
        if isinstance(tree, And):
            left, right = self.resolve(tree.left), self.resolve(tree.right)
            return Resolved(left.sure & right.sure, left.maybe & right.maybe)
        if isinstance(tree, Or):
            left, right = self.resolve(tree.left), self.resolve(tree.right)
            return Resolved(left.sure | right.sure, left.maybe | right.maybe)
        if isinstance(tree, (Sinks, Roots)):
            return self._ends(self.resolve(tree.child), sinks=isinstance(tree, Sinks))
        raise SelectionError(f"--assets: {tree.attribute}: is not supported")

    def _where(
        self,
        test: Callable[[str, AssetEntry], bool],
        fields: tuple[str, ...],
        materializable_only: bool,
    ) -> Resolved:
        sure, maybe = set(), set()
        for key, entry in self.entries.items():
            if materializable_only and key not in self.materializable:
                continue
            if not self.unknown[key].isdisjoint(fields):
                maybe.add(key)
            elif test(key, entry):
                sure.add(key)
        return Resolved(frozenset(sure), frozenset(sure | maybe))

    def _group(self, tree: Group) -> Resolved:
        name = tree.name
        if name is None:  # `group:<null>`: Dagster selects no group at all
            return Resolved(frozenset(), frozenset())
        regex = _wildcard(name) if "*" in name else None

        def test(key: str, entry: AssetEntry) -> bool:
            if regex is not None:
                return entry.group is not None and regex.match(entry.group) is not None
            return entry.group == name

        sure, maybe = set(), set()
        for key, entry in self.entries.items():
            if key not in self.materializable:
                continue
            if entry.group is None or "group_name" in self.unknown[key]:
                maybe.add(key)
            elif test(key, entry):
                sure.add(key)
        return Resolved(frozenset(sure), frozenset(sure | maybe))

    def _walk(self, start: Iterable[str], depth: int | None, up: bool) -> set[str]:
        """Dagster's `Traverser`: the keys within `depth` levels (None: all), start
        excluded unless reached again."""
        edges: Mapping[str, Iterable[str]] = self.parents if up else self.children
        level, found = list(start), set()
        done = 0
        while level and (depth is None or done < depth):
            following = []
            for key in level:
                for other in edges.get(key, ()):
                    if other not in found:
                        found.add(other)
                        following.append(other)
            level = following
            done += 1
        return found

    def _upstream(self, child: Resolved, depth: int | None) -> Resolved:
        def up(keys: frozenset[str]) -> frozenset[str]:
            if not keys:
                return keys
            return frozenset((keys | self._walk(keys, depth, True)) & self.materializable)

        sure, maybe = up(child.sure), up(child.maybe)
        reached = child.maybe | self._walk(child.maybe, depth, True)
        if reached & self.open:  # some parents are unknown: any asset may be upstream
            maybe = maybe | self.materializable
        return Resolved(sure, maybe)

    def _downstream(self, child: Resolved, depth: int | None) -> Resolved:
        sure = child.sure | self._walk(child.sure, depth, False)
        maybe = child.maybe | self._walk(child.maybe, depth, False)
        if child.maybe and self.open:  # an asset with unknown parents may depend on them
            maybe = maybe | self.open | self._walk(self.open, None, False)
        return Resolved(frozenset(sure), frozenset(maybe))

    def _ends(self, child: Resolved, sinks: bool) -> Resolved:
        """`sinks(...)`: no downstream asset within the selection; `roots(...)`: no
        upstream asset within it (through assets outside it too)."""
        if child.sure != child.maybe or self.open & child.maybe:
            return Resolved(frozenset(), child.maybe)  # not computable from what is known
        found = set()
        for key in child.sure:
            reached = self._walk((key,), None, not sinks) - {key}
            if not reached & child.sure:
                found.add(key)
        return Resolved(frozenset(found), frozenset(found))


def _wildcard(pattern: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(pattern).replace("\\*", ".*") + "$")


def _tags(entry: AssetEntry) -> dict[str, str]:
    """An asset's tags as Dagster holds them: its kinds are `dagster/kind/<kind>` tags."""
    tags = {f"{KIND_PREFIX}{kind}": "" for kind in entry.kinds}
    tags.update(entry.tags)
    return tags


def select(listing: Listing, text: str, observable: Collection[str] = ()) -> Listing:
    """The listing `dg list defs --assets text` prints: the selected assets and their
    checks, no job, schedule or sensor. `observable`: the `source` of each observable
    source asset (executable, but not materializable)."""
    tree = parse(text)
    graph = AssetGraph(
        listing.assets, lambda e: e.executable and (e.source or "") not in observable
    )
    try:
        resolved = graph.resolve(tree)
    except SelectionError as exc:
        if not listing.unseen and all(e.key is not None for e in listing.assets):
            raise
        raise SelectionError(
            f"{exc} (that flake8-dgdefs list sees: some definitions are only known at load"
            " time)"
        ) from None
    unseen = list(listing.unseen)
    if not resolved.maybe:  # Dagster's `selected or all`: no asset selected lists them all
        return _only_assets(listing, listing.assets, (), unseen)
    sure = resolved.sure
    assets = tuple(e for e in listing.assets if e.key in sure)
    checks = tuple(c for c in listing.asset_checks if c.asset_key in sure)
    for key in sorted(resolved.maybe - sure):
        entry = graph.entries[key]
        fields = sorted({u.field for u in entry.unresolved})
        unseen.append(
            Unresolved(
                "definitions",
                f"{_where(entry)}: asset {key} may be selected by --assets (its"
                f" {', '.join(fields)} not known statically)",
            )
        )
    unseen.extend(
        Unresolved(
            "definitions",
            f"{_where(entry)}: an asset whose key is not known statically may be selected"
            " by --assets",
        )
        for entry in listing.assets
        if entry.key is None
    )
    unseen.extend(
        Unresolved(
            "definitions",
            f"{check.source or '?'}: check {check.key or check.name or '?'} on an asset not"
            " known statically may be selected by --assets",
        )
        for check in listing.asset_checks
        if check.asset_key is None
    )
    if not sure:
        unseen.append(
            Unresolved(
                "definitions",
                "--assets: if it selects none of these, dg list defs lists every asset",
            )
        )
    return _only_assets(listing, assets, checks, unseen)


def _only_assets(
    listing: Listing,
    assets: tuple[AssetEntry, ...],
    checks: tuple[CheckEntry, ...],
    unseen: Iterable[Unresolved],
) -> Listing:
    """dg lists no job, schedule, sensor or resource when --assets is given."""
    return listing._replace(
        assets=assets,
        asset_checks=checks,
        jobs=(),
        schedules=(),
        sensors=(),
        resources=(),
        unseen=tuple(unseen),
    )


def _where(entry: AssetEntry) -> str:
    if entry.unresolved:
        return entry.unresolved[0].location
    return entry.source or "?"


def observable_sources(model: LoadModel, prefix: str) -> frozenset[str]:
    """The `source` (`path:line`) of every observable source asset the model loads."""
    return frozenset(
        f"{prefix}{item.origin.path}:{item.definition.line}"
        for item in model.items
        if item.definition.kind in OBSERVABLE_KINDS
    )


# -- --path ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """What `dg list defs --path` builds: the keys and names the modules under `where` (a
    path relative to the package folder, without the listing's prefix) collect."""

    where: str
    prefix: str  # the listing's prefix of `source` paths
    modules: tuple[str, ...]  # the modules the autoloader collects under `where`
    names: frozenset[str]  # asset keys, check keys, job, schedule and sensor names
    known: frozenset[str]  # every key or name the load model knows, anywhere

    def holds(self, location: str | None) -> bool:
        """True for a `path:line...` location inside `where`."""
        if location is None or not location.startswith(self.prefix):
            return False
        path = location[len(self.prefix):]
        return path == self.where or path.startswith((f"{self.where}/", f"{self.where}:"))


def scope_of(model: LoadModel, prefix: str, where: str) -> Scope:
    """The scope of `--path where` (relative to the package folder, `/`-separated)."""
    where = where.rstrip("/")
    modules = [
        module
        for module in model.walked
        if module.path == where or module.path.startswith(f"{where}/")
    ]
    names: set[str] = set()
    for module in modules:
        for _, origin, definition in model.attributes(module):
            names.update(model.keys(Loaded(origin, definition, module.name, AUTOLOADED)))
    inside = {module.name for module in modules}
    for item in model.items:
        if item.via in inside and item.certain:
            names.update(model.keys(item))
    known = {key for item in model.items for key in model.keys(item)}
    return Scope(
        where, prefix, tuple(m.name for m in modules), frozenset(names), frozenset(known)
    )


def restrict(listing: Listing, scope: Scope) -> Listing:
    """The listing of `dg list defs --path`: what the scope collects, and a stub (not
    executable, group `default`) for each dependency or checked asset defined elsewhere."""

    def kept(name: str | None, source: str | None) -> bool:
        if name is not None and name in scope.names:
            return True
        return (name is None or name not in scope.known) and scope.holds(source)

    unseen = tuple(u for u in listing.unseen if scope.holds(u.location))
    assets = [e for e in listing.assets if e.key is not None and e.key in scope.names]
    assets.extend(e for e in listing.assets if e not in assets and kept(e.key, e.source))
    checks = tuple(c for c in listing.asset_checks if kept(c.key, c.source))
    listed = {e.key for e in listing.assets if e.key is not None}
    have = {e.key for e in assets}
    wanted = [dep for e in assets for dep in e.deps]
    wanted.extend(c.asset_key for c in checks if c.asset_key)
    for key in wanted:
        # No stub for a key nothing listed defines when some definitions are not seen.
        if key not in have and (key in listed or not unseen):
            have.add(key)
            assets.append(AssetEntry(key, DEFAULT_GROUP, executable=False))
    return listing._replace(
        assets=(
            *sorted((e for e in assets if e.key is not None), key=lambda e: e.key or ""),
            *(e for e in assets if e.key is None),
        ),
        asset_checks=checks,
        jobs=tuple(j for j in listing.jobs if kept(j.name, j.source)),
        schedules=tuple(s for s in listing.schedules if kept(s.name, s.source)),
        sensors=tuple(s for s in listing.sensors if kept(s.name, s.source)),
        resources=tuple(r for r in listing.resources if scope.holds(r.source)),
        unseen=unseen,
    )
