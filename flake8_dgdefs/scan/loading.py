"""The part of the scan that the loading rules (DGD2xx-4xx) read: plain facts, no verdicts.

`LoadingFacts` rides along the one `ast` pass of `scan._Scanner`: the scanner hands it each
module-level statement (before binding its names) and every call it walks, and it borrows
the scanner's name resolution. It records: hand loaders (`load_assets_from_modules`),
names listed by hand in `Definitions(...)`, module-level `Definitions` objects and
`@definitions` functions, resources bound at module level, classes with their bases, and
definitions built inside containers. Dagster is never imported.

Inside a top-level function the function's own names hide the module's; a `Definitions(...)`
call there sees the function's straight-line locals (scan/locals.py).
"""

from __future__ import annotations

import ast
import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from flake8_dgdefs.api import (
    MAPPED_DETAILS,
    MAPPER,
    ASSET_JOBS,
    COPYING_LOADERS,
    DEFINITIONS_MAKERS,
    GATHERING_LOADERS,
    LISTING_ARGUMENTS,
    REBUILDING_WRAPPERS,
    RESOURCE_DECORATORS,
    RESOURCE_OBJECTS,
    resource_kind,
)
from flake8_dgdefs.model import (
    JOB,
    SCHEDULE_OR_SENSOR,
    Definition,
    DefinitionsObject,
    Gathered,
    GivenResource,
    InlineDefinition,
    ListedName,
    LoadingScan,
    ManualLoad,
    ResourceBinding,
)
from flake8_dgdefs.scan.locals import OUTSIDE, bind_locals, own_names
from flake8_dgdefs.scan.values import evaluate

if TYPE_CHECKING:  # pragma: no cover
    from flake8_dgdefs.scan import _Scanner


class LoadingFacts:
    """Collects a module's loading facts during the scanner's pass."""

    def __init__(self, scanner: _Scanner) -> None:
        self.scanner = scanner
        self.manual_loads: list[ManualLoad] = []
        self.listed: list[ListedName] = []
        self.objects: dict[str, DefinitionsObject] = {}  # live bindings only
        self.resources: dict[str, ResourceBinding] = {}
        self.classes: dict[str, tuple[str, ...]] = {}
        self.gathered: list[Gathered] = []
        self.asset_jobs: list[str] = []
        self.deps_names: set[str] = set()
        self.component_instances: list[int] = []
        self.given_resources: list[GivenResource] = []
        self.inline: list[InlineDefinition] = []
        self.opaque: list[tuple[str, int, str]] = []
        self.scope: str | None = None  # the top-level function being scanned; None: module
        self.locals = OUTSIDE  # what the Definitions(...) call being read sees of its scope

    def result(self) -> LoadingScan:
        return LoadingScan(
            manual_loads=tuple(self.manual_loads),
            listed=tuple(self.listed),
            definitions_objects=tuple(self.objects.values()),
            resources=tuple(self.resources.values()),
            classes=tuple(self.classes.items()),
            gathered=tuple(self.gathered),
            asset_jobs=tuple(self.asset_jobs),
            deps_names=tuple(sorted(self.deps_names)),
            component_instances=tuple(self.component_instances),
            given_resources=tuple(self.given_resources),
            inline=tuple(self.inline),
            opaque=tuple(self.opaque),
        )

    # -- module-level statements ------------------------------------------------------
    def statement(self, stmt: ast.stmt) -> None:
        """A module-level statement, seen before the scanner binds its names."""
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._forget(stmt.name)
            for decorator in stmt.decorator_list:
                if isinstance(decorator, ast.Call):
                    self._deps(decorator)
            self._function(stmt)
        elif isinstance(stmt, ast.ClassDef):
            self._forget(stmt.name)
            self.classes[stmt.name] = tuple(
                q for q in (self._class_ref(base) for base in stmt.bases) if q
            )
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            self._mark_module_level(stmt.value)
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            self._opaque(targets, stmt.value, stmt)
            facts = [self._assigned(name, stmt.value, stmt) for name in names]
            for target in targets:
                for node in ast.walk(target):
                    if isinstance(node, ast.Name):
                        self._forget(node.id)
            for apply in facts:
                apply()
        elif isinstance(stmt, ast.AugAssign):
            self._opaque([stmt.target], stmt.value, stmt)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for alias in stmt.names:
                self._forget((alias.asname or alias.name).partition(".")[0])

    def _opaque(self, targets: Sequence[ast.expr], value: ast.expr, stmt: ast.stmt) -> None:
        """Each call in a module-level binding's value, by callee (loading.deps decides)."""
        names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        for node in ast.walk(value):
            if isinstance(node, ast.Call):
                bare = node.func.id if isinstance(node.func, ast.Name) else ""
                callee = self.scanner.qualname(node.func) or bare
                self.opaque.extend((name, stmt.lineno, callee) for name in names)

    def _mark_module_level(self, value: ast.expr) -> None:
        """The hand loads of a module-level assignment (seen as calls a moment before)."""
        if not self.manual_loads or self.manual_loads[-1].module_level:
            return  # nothing recorded since the last module-level assignment
        calls = {
            (node.lineno, node.col_offset)
            for node in ast.walk(value)
            if isinstance(node, ast.Call)
        }
        self.manual_loads = [
            replace(load, module_level=True) if (load.line, load.col) in calls else load
            for load in self.manual_loads
        ]

    def _forget(self, name: str) -> None:
        if name in self.asset_jobs:
            self.asset_jobs.remove(name)
        self.objects.pop(name, None)
        self.resources.pop(name, None)
        self.classes.pop(name, None)

    def _function(self, stmt: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in stmt.decorator_list:
            callee = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = self.scanner.dagster_name(callee)
            if name == "component_instance":
                self.component_instances.append(decorator.lineno)
                return
            if name == "definitions":  # what it uses of the module: not its own names
                used = tuple(sorted(_names_used(stmt.body) - own_names(stmt)))
                self.objects[stmt.name] = DefinitionsObject(
                    stmt.name, decorator.lineno, max(decorator.col_offset - 1, 0), True, used
                )
                return
            if name in RESOURCE_DECORATORS:
                self.resources[stmt.name] = ResourceBinding(
                    stmt.name, decorator.lineno, max(decorator.col_offset - 1, 0),
                    RESOURCE_DECORATORS[name],
                )
                return

    def _assigned(
        self, name: str, value: ast.expr, stmt: ast.stmt
    ) -> Callable[[], None]:
        """What binding `name = value` records; applied once the old binding is forgotten."""
        if isinstance(value, ast.Call) and self.scanner.dagster_name(value.func) in ASSET_JOBS:
            return lambda: self.asset_jobs.append(name)
        if isinstance(value, ast.Call) and self._is_definitions_maker(value.func):
            used = self._expand(_names_used([value]))
            found = DefinitionsObject(name, stmt.lineno, stmt.col_offset, False, used)
            return lambda: self.objects.__setitem__(name, found)
        if isinstance(value, ast.Name) and value.id in self.objects:
            alias = replace(self.objects[value.id], binding=name, line=stmt.lineno,
                            col=stmt.col_offset)
            return lambda: self.objects.__setitem__(name, alias)
        resource = self._resource(name, value, stmt)
        if resource is not None:
            return lambda: self.resources.__setitem__(name, resource)
        if isinstance(value, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            self._container(name, value, stmt)
        elif isinstance(value, ast.ListComp):
            self._comprehension(name, value, stmt)
        return _nothing

    def _is_definitions_maker(self, func: ast.expr) -> bool:
        return self.scanner.dagster_name(func) in DEFINITIONS_MAKERS

    def _expand(self, names: set[str]) -> tuple[str, ...]:
        """Names used, with what the Definitions objects among them contain."""
        found = set(names)
        for name in names:
            if name in self.objects:
                found.update(self.objects[name].contains)
        return tuple(sorted(found))

    def _class_ref(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Name) and node.id in self.classes:
            return f"{self.scanner.module}.{node.id}"
        return self.scanner.qualname(node)

    # -- resources --------------------------------------------------------------------------
    def _resource(self, name: str, value: ast.expr, stmt: ast.stmt) -> ResourceBinding | None:
        if isinstance(value, ast.Dict):
            items = [self._resource_item(item) for item in value.values if item is not None]
            found = [item for item in items if item is not None]
            if not found:
                return None
            known = any(not refs for _, refs in found)
            refs = () if known else tuple(ref for _, item_refs in found for ref in item_refs)
            return ResourceBinding(name, stmt.lineno, stmt.col_offset, "resources dict", refs)
        item = self._resource_item(value)
        if item is None:
            return None
        kind, refs = item
        return ResourceBinding(name, stmt.lineno, stmt.col_offset, kind, refs)

    def _resource_item(self, value: ast.expr) -> tuple[str, tuple[str, ...]] | None:
        """(kind, class refs to confirm) of a resource expression; None if it is not one."""
        if isinstance(value, (ast.Name, ast.Attribute)):
            name = self.scanner.dagster_name(value)
            return (RESOURCE_OBJECTS[name], ()) if name in RESOURCE_OBJECTS else None
        if not isinstance(value, ast.Call):
            return None
        func = value.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            # `ResourceDefinition.hardcoded_resource(...)`: the class decides.
            qualified = self.scanner.qualname(func)
        else:
            qualified = self._class_ref(func)
        if qualified is None:
            return None
        kind = resource_kind(qualified)
        if kind is not None:
            return kind, ()
        if qualified.rpartition(".")[2][:1].isupper() and not qualified.startswith("dagster"):
            return "resource", (qualified,)
        return None

    # -- containers -------------------------------------------------------------------------
    def _container(self, name: str, value: ast.expr, stmt: ast.stmt) -> None:
        items = list(_items(value))
        nested = isinstance(value, ast.List) and any(
            isinstance(item, (ast.List, ast.Tuple, ast.Set, ast.Dict)) for item in value.elts
        )
        mixed = isinstance(value, ast.List) and any(
            evaluate(item, self.scanner.consts) is not None for item in value.elts
        )
        flat = isinstance(value, ast.List) and not nested and not mixed
        if flat:
            container = "list"
        elif isinstance(value, ast.List):
            container = "nested list" if nested else "mixed list"
        else:
            container = {ast.Tuple: "tuple", ast.Set: "set", ast.Dict: "dict"}[type(value)]
        for item in items:
            if not isinstance(item, ast.Call):
                continue
            definition = self.scanner._called_definition(item, name, stmt)
            if definition is None:
                continue
            located = replace(definition, binding=None, line=item.lineno, col=item.col_offset)
            self.gathered.append(Gathered(container, name, flat, located))

    def _comprehension(self, name: str, value: ast.ListComp, stmt: ast.stmt) -> None:
        """`[dg.AssetSpec(f"raw_{t}") for t in TABLES]`: a flat list of definitions."""
        for definition in self.comprehended(value, stmt):
            self.gathered.append(Gathered("list", name, True, definition))

    def comprehended(self, value: ast.ListComp, at: ast.stmt | ast.expr) -> Iterator[Definition]:
        """The definitions a comprehension builds: one per item of a constant sequence;
        over anything else, one definition whose key stays unresolved (it loads, but what
        it is called is not known). Unbound, placed at the built expression."""
        generator = value.generators[0]
        target = generator.target
        if (
            len(value.generators) != 1
            or generator.ifs
            or not isinstance(target, ast.Name)
            or not isinstance(value.elt, ast.Call)
        ):
            return
        consts = self.scanner.consts
        items = evaluate(generator.iter, consts)
        saved = consts.pop(target.id, None)
        found: list[Definition] = []
        try:
            for item in items if isinstance(items, tuple) else [None]:
                if item is not None:
                    consts[target.id] = item
                definition = self.scanner._called_definition(value.elt, None, at)
                if definition is None:
                    return
                found.append(
                    replace(definition, line=value.elt.lineno, col=value.elt.col_offset)
                )
        finally:
            consts.pop(target.id, None)
            if saved is not None:
                consts[target.id] = saved
        yield from found

    # -- calls anywhere ---------------------------------------------------------------------
    def call(self, call: ast.Call) -> None:
        """Any call of the module (module level or in a function body)."""
        self._deps(call)
        name = self.scanner.dagster_name(call.func)
        if name in COPYING_LOADERS or name in GATHERING_LOADERS:
            self._manual_load(name, call)
        elif name == "Definitions":
            self._listing(call)

    def _deps(self, call: ast.Call) -> None:
        """Names an asset takes as upstream (`deps=UPSTREAM`): not meant to be loaded."""
        for keyword in call.keywords:
            if keyword.arg == "deps":
                self.deps_names.update(_names_used([keyword.value]))

    def _manual_load(self, helper: str, call: ast.Call) -> None:
        kwargs = {kw.arg: kw.value for kw in call.keywords if kw.arg}
        first = call.args[0] if call.args else None
        modules: tuple[str, ...] = ()
        packages: tuple[str, ...] = ()
        if helper.endswith("_from_modules"):
            arg = kwargs.get("modules", first)
            elements = arg.elts if isinstance(arg, (ast.List, ast.Tuple)) else []
            modules = tuple(q for q in (self.scanner.qualname(e) for e in elements) if q)
        elif helper.endswith("_from_module"):
            arg = kwargs.get("module", first)
            found = self.scanner.qualname(arg) if arg is not None else None
            modules = (found,) if found else ()
        elif helper.endswith("_from_package_module"):
            arg = kwargs.get("package_module", first)
            found = self.scanner.qualname(arg) if arg is not None else None
            packages = (found,) if found else ()
        elif helper.endswith("_from_package_name"):
            found = self.scanner._str(kwargs.get("package_name", first))
            packages = (found,) if found else ()
        elif helper.endswith("_from_current_module"):
            modules = (self.scanner.module,)
        group = self.scanner._str(kwargs.get("group_name"))
        prefix = self.scanner._key_parts(kwargs.get("key_prefix"))
        unread = tuple(
            name
            for name, known in (("group_name", group is not None), ("key_prefix", prefix))
            if name in kwargs and not known
        )
        self.manual_loads.append(
            ManualLoad(
                call.lineno, call.col_offset, helper, modules, packages,
                group=group, key_prefix=tuple(prefix or ()), unread=unread,
            )
        )

    def _listing(self, call: ast.Call) -> None:
        kwargs = {kw.arg: kw.value for kw in call.keywords if kw.arg}
        if "resources" in kwargs:
            self._given_resources(kwargs["resources"])
        with self._scoped(call):
            for argument in (*LISTING_ARGUMENTS, "resources"):
                value = kwargs.get(argument)
                if value is None:
                    continue
                for element, wrapper, group in self._passed(value, ""):
                    if argument == "resources" and isinstance(element, (ast.Call, ast.ListComp)):
                        continue
                    mapped = (element, group) if wrapper == MAPPER else None
                    if isinstance(element, ast.ListComp):
                        self._inline(argument, self.comprehended(element, element), mapped)
                    elif isinstance(element, ast.Call):
                        built = self.scanner._called_definition(element, None, element)
                        self._inline(argument, [built], mapped)
                    elif argument != "resources" and (held := self._local(element, wrapper)):
                        self._inline(argument, held, mapped)
                    else:
                        self.listed.append(
                            ListedName(
                                element.lineno,
                                element.col_offset,
                                ast.unparse(element),
                                self._qualified(element, argument),
                                argument,
                                wrapper,
                                group,
                            )
                        )

    def _inline(
        self,
        argument: str,
        found: Iterable[Definition | None],
        mapped: tuple[ast.expr, str | None] | None = None,
    ) -> None:
        """`Definitions(assets=[dg.AssetSpec("x")])`: definitions built where they are
        passed (a constructor, a factory, a comprehension of them, a local holding one),
        with the local jobs their schedules and sensors target. `mapped`: they are passed
        through `map_asset_specs` (where, and the group its function gives, if known)."""
        for definition in found:
            if definition is not None and not definition.reloads:
                built = replace(definition, binding=None)
                if mapped is not None:
                    built = _mapped(built, *mapped)
                self.inline.append(InlineDefinition(argument, self.scope, built))
                for job in self._targeted(definition):
                    self.inline.append(InlineDefinition("jobs", self.scope, job))

    # -- a function's locals ----------------------------------------------------------------
    @contextlib.contextmanager
    def _scoped(self, call: ast.Call) -> Iterator[None]:
        """Read a `Definitions(...)` call where it is: in a top-level function, the
        function's names hide the module's, and its straight-line locals written before
        the call hold what the scan evaluates of them (`scan.locals`)."""
        node = self.scanner.scopes.get(self.scope) if self.scope is not None else None
        with self.scanner.masked(self.scope):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.locals = bind_locals(self, node, call)
            try:
                yield
            finally:
                self.locals = OUTSIDE

    def _local(self, element: ast.expr, wrapper: str) -> tuple[Definition, ...]:
        """The definitions a local holds, when the scan built them; () otherwise (through
        `map_asset_specs` too: what its function changes is not followed here)."""
        if isinstance(element, ast.Name) and wrapper != MAPPER:
            return self.locals.built.get(element.id, ())
        return ()

    def _qualified(self, element: ast.expr, argument: str) -> str | None:
        """What a name passed by hand refers to: a function's own name is its local, never
        the module's attribute of the same spelling."""
        if (
            argument != "resources"
            and isinstance(element, ast.Name)
            and element.id in self.locals.own
        ):
            return f"{self.locals.prefix}{element.id}"
        return self.scanner.qualname(element)

    def _targeted(self, definition: Definition) -> Iterator[Definition]:
        """The local job a schedule or sensor targets (`job=nightly`): it loads with it."""
        if definition.category != SCHEDULE_OR_SENSOR or not self.locals.prefix:
            return
        ref = definition.details.job_ref
        if not (ref is not None and ref.startswith(self.locals.prefix)):
            return
        for job in self.locals.built.get(ref[len(self.locals.prefix):], ()):
            if job.category == JOB:
                yield replace(job, binding=None)

    def _given_resources(self, value: ast.expr) -> None:
        """`Definitions(resources={"key": value, ...})`: each key with what it is given."""
        if not isinstance(value, ast.Dict) or None in value.keys:
            self.given_resources.append(
                GivenResource(value.lineno, value.col_offset, None, None, None, self.scope)
            )
            return
        for key_node, item in zip(value.keys, value.values):
            key = evaluate(key_node, self.scanner.consts)
            reference = class_ref = None
            if isinstance(item, (ast.Name, ast.Attribute)):
                reference = self.scanner.qualname(item) or ast.unparse(item)
            elif isinstance(item, ast.Call):
                class_ref = self._class_ref(item.func)
            self.given_resources.append(
                GivenResource(
                    item.lineno,
                    item.col_offset,
                    key if isinstance(key, str) else None,
                    reference,
                    class_ref,
                    self.scope,
                )
            )

    def _passed(
        self, value: ast.expr, wrapper: str, group: str | None = None
    ) -> Iterator[tuple[ast.expr, str, str | None]]:
        """The names an argument passes, through lists, `*xs`, `+` and the wrappers that
        rebuild what they are given (with the wrapper's name, and the group
        `map_asset_specs(lambda s: s.replace_attributes(group_name=G), ...)` gives)."""
        if isinstance(value, (ast.Name, ast.Attribute)):
            yield value, wrapper, group
        elif isinstance(value, (ast.List, ast.Tuple)):
            for element in value.elts:
                yield from self._passed(element, wrapper, group)
        elif isinstance(value, ast.Starred):
            yield from self._passed(value.value, wrapper, group)
        elif isinstance(value, ast.Dict):
            for element in value.values:
                yield from self._passed(element, wrapper, group)
        elif isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
            yield from self._passed(value.left, wrapper, group)
            yield from self._passed(value.right, wrapper, group)
        elif isinstance(value, ast.Call):
            name = self.scanner.dagster_name(value.func)
            kwargs = {kw.arg: kw.value for kw in value.keywords if kw.arg}
            passed = value.args[0] if value.args else kwargs.get("assets_defs")
            if name == MAPPER:  # copies of its iterable; keys never change
                args = value.args
                passed = args[1] if len(args) > 1 else kwargs.get("iterable")
                func = args[0] if args else kwargs.get("func")
                if passed is not None:
                    yield from self._passed(passed, name, self._mapped_group(func))
                    return
            if name in REBUILDING_WRAPPERS and passed is not None:
                yield from self._passed(passed, wrapper or name, group)
            elif name not in REBUILDING_WRAPPERS:
                yield value, wrapper, group  # a definition built in place, maybe
        elif isinstance(value, ast.ListComp):
            yield value, wrapper, group

    def _mapped_group(self, func: ast.expr | None) -> str | None:
        """G of `lambda spec: spec.replace_attributes(group_name=G)`; None for any other
        function (what it changes is not known)."""
        if not (isinstance(func, ast.Lambda) and len(func.args.args) == 1):
            return None
        body = func.body
        if not (
            isinstance(body, ast.Call)
            and isinstance(body.func, ast.Attribute)
            and body.func.attr == "replace_attributes"
            and isinstance(body.func.value, ast.Name)
            and body.func.value.id == func.args.args[0].arg
            and not body.args
            and [kw.arg for kw in body.keywords] == ["group_name"]
        ):
            return None
        group = evaluate(body.keywords[0].value, self.scanner.consts)
        return group if isinstance(group, str) else None


def _mapped(definition: Definition, at: ast.expr, group: str | None) -> Definition:
    """A definition as `map_asset_specs(func, [...])` gives it back: in `group` when the
    function is read exactly (`replace_attributes(group_name=G)`); else whatever the
    function may change is not known."""
    details = definition.details
    unresolved = details.unresolved
    if group is not None and details.per_key is None:
        unresolved = tuple(u for u in unresolved if u[0] != "group")
        details = replace(details, group=group)
    else:
        unresolved += tuple((field, at.lineno, at.col_offset) for field in MAPPED_DETAILS)
    return replace(definition, details=replace(details, unresolved=unresolved))


def _nothing() -> None:
    return None


def _names_used(nodes: Sequence[ast.AST]) -> set[str]:
    return {
        node.id
        for top in nodes
        for node in ast.walk(top)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


def _items(node: ast.expr) -> Iterator[ast.expr]:
    """Every item of a container, nested containers opened."""
    values = node.values if isinstance(node, ast.Dict) else getattr(node, "elts", [])
    for value in values:
        if isinstance(value, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            yield from _items(value)
        else:
            yield value
