"""The scan of one module: a plain `ast` pass that finds Dagster definitions and imports.

Names are resolved from the module's own import statements, so `@dg.asset`, `@asset`,
`@dagster.asset` and `from dagster import asset as a; @a(...)` all count, while an `asset`
imported from another library, or rebound at module level, does not. Dagster itself is
never imported.
"""

from __future__ import annotations

import ast
import contextlib
from dataclasses import replace
from typing import Iterable, Iterator, Mapping, Sequence, cast

from flake8_dgdefs.api import (
    AUTOLOADERS,
    CALLS,
    CHECK,
    DAGSTER_PACKAGES,
    DECORATORS,
    FIRST_ARGUMENT,
    INTEGRATIONS,
    OUTS,
    PARTITIONED_SCHEDULE_NAME,
    SCHEDULE_NAME,
    SPEC_KEY,
    Construct,
)
from flake8_dgdefs.model import (
    ASSET,
    ASSET_CHECK,
    Definition,
    Details,
    ImportRef,
    LoaderCall,
    ModuleScan,
)
from flake8_dgdefs.scan.factories import (
    BUILDERS,
    builds,
    evaluate_call,
    is_factory,
    template,
    unevaluated,
)
from flake8_dgdefs.scan.loading import LoadingFacts
from flake8_dgdefs.scan.mentions import any_within, lines_mentioning, shortest
from flake8_dgdefs.scan.nodes import CALL, find, local_names
from flake8_dgdefs.scan.partitions import partitions_value
from flake8_dgdefs.scan.values import Constants, Value, evaluate


#: What the walk of function bodies looks at: loader calls, imports, inner definitions.
_BODY_KINDS = frozenset({ast.Call, ast.Import, ast.ImportFrom, ast.FunctionDef,
                         ast.AsyncFunctionDef})
#: Words one of which a function body that holds such a node names, besides the names the
#: module imports from Dagster: `builds` reads a decorator's or a builder's last name,
#: `loading.call` a `deps=` keyword.
_BODY_WORDS = shortest((
    *BUILDERS, *(name.rpartition(".")[2] for name in DECORATORS), "import", "deps",
))


def scan_source(
    source: str | bytes,
    module: str,
    is_package: bool = False,
    given: Mapping[str, Value] | None = None,
) -> ModuleScan:
    """Parse and scan one module's source. A module that does not parse yields `error`."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        return ModuleScan(error=_describe_error(exc))
    return scan_tree(tree, module, is_package, given, source if type(source) is bytes else None)


def scan_tree(
    tree: ast.AST,
    module: str,
    is_package: bool = False,
    given: Mapping[str, Value] | None = None,
    source: bytes | None = None,
) -> ModuleScan:
    """Scan an already parsed module (flake8 hands its tree over; no second parse).

    `given`: the values of names the module imports from other modules (qualified name ->
    value), as the project map found them in a first scan (`ModuleScan.asked`).
    `source`: the bytes `tree` was parsed from, when at hand: the function bodies whose
    lines name nothing the scan looks for are then passed over (scan.mentions).
    """
    scanner = _Scanner(module, is_package, given, source)
    try:
        return scanner.scan(tree)
    except RecursionError:
        return ModuleScan(error="too deeply nested to scan")
    finally:
        scanner.close()


def _first_line(node: ast.stmt) -> int:
    """A statement's first line: its first decorator's, for a decorated one."""
    decorators = getattr(node, "decorator_list", None)
    return min(node.lineno, *(d.lineno for d in decorators)) if decorators else node.lineno


def _last_line(node: ast.stmt) -> int:
    return node.end_lineno if node.end_lineno is not None else node.lineno


def _describe_error(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return f"syntax error at line {exc.lineno}: {exc.msg}"
    return f"{type(exc).__name__}: {exc}"


class _Scanner:
    """One pass over a module, tracking what each module-level name is bound to."""

    def __init__(
        self,
        module: str,
        is_package: bool,
        given: Mapping[str, Value] | None = None,
        source: bytes | None = None,
    ) -> None:
        self.module = module
        self.source = source
        self.package = module if is_package else module.rpartition(".")[0]
        self.imported: dict[str, str] = {}  # local name -> qualified name
        self.consts = Constants(self.qualname, given)  # local name -> static value
        self.rebound: set[str] = set()  # imported names bound again afterwards
        self.branching = 0  # inside how many blocks that may not run (if, try, loops)
        self.bound: dict[str, Definition] = {}  # local name -> definition it holds
        self.graphs: set[str] = set()  # local names of @graph functions
        #: Module-level functions that build a definition when called (scan.factories).
        self.factories: dict[str, ast.FunctionDef] = {}
        self.depth = 0  # factory calls being evaluated around this scan (scan.factories)
        self.dagster_star = False
        self.definitions: list[Definition] = []
        self.imports: list[ImportRef] = []
        self.loader_calls: list[LoaderCall] = []
        #: Function and class bodies, scanned last, with the top-level name they belong to.
        self.deferred: list[tuple[str, ast.stmt]] = []
        self.scopes: dict[str, ast.stmt] = {}  # top-level function or class, by name
        #: Names of the function being read (`masked`, a factory's body): never the module's.
        self.hidden: frozenset[str] = frozenset()
        self.loading = LoadingFacts(self)  # what the DGD2xx-4xx rules read

    def close(self) -> None:
        """Drop everything the scanner holds. It refers to itself through its helpers (its
        loading facts, its constants' resolver): without this, each scan and its syntax tree
        would wait for the cycle collector instead of being freed at once."""
        self.__dict__.clear()

    # -- the pass --------------------------------------------------------------------
    def scan(self, tree: ast.AST) -> ModuleScan:
        body = tree.body if isinstance(tree, ast.Module) else []
        self._statements(body)
        # Function and class bodies run later, with the module's final bindings.
        makers: set[str] = set()  # functions that build a definition (scan.factories)
        named = self._lines_naming()
        for owner, scope in self.deferred:
            if named is not None and not any_within(named, _first_line(scope), _last_line(scope)):
                continue
            self.loading.scope = owner
            function = not isinstance(self.scopes[owner], ast.ClassDef)
            for node in find(scope, _BODY_KINDS):
                kind = type(node)
                if kind is ast.Call:
                    self._maybe_loader_call(cast(ast.Call, node))
                elif kind is ast.Import or kind is ast.ImportFrom:
                    imported = cast("ast.Import | ast.ImportFrom", node)
                    self.imports.extend(self._import_refs(imported, module_level=False))
                if function and owner not in makers and builds(node):
                    makers.add(owner)
        return ModuleScan(
            definitions=tuple(self.definitions),
            imports=tuple(self.imports),
            loader_calls=tuple(self.loader_calls),
            loading=self.loading.result(),
            constants=tuple(sorted({
                **self.consts,
                **{name: template(self, f) for name, f in self.factories.items()},
            }.items())),
            rebound=tuple(sorted(self.rebound - self.imported.keys())),
            asked=tuple(sorted(self.consts.asked)),
            given=tuple(sorted(
                (name, value) for name, value in self.consts.given.items()
                if name in self.consts.asked
            )),
            factories=unevaluated(self, body, makers),
        )

    def _lines_naming(self) -> list[int] | None:
        """The lines of the source that may name what the walk of function bodies looks
        for; None: every body is walked."""
        if self.source is None or self.dagster_star:  # any name may be Dagster's
            return None
        dagster = (
            local for local, qualified in self.imported.items()
            if qualified.partition(".")[0] in DAGSTER_PACKAGES
        )
        return lines_mentioning(self.source, (*_BODY_WORDS, *shortest(dagster)))

    def _statements(self, body: Sequence[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.deferred.extend((stmt.name, inner) for inner in stmt.body)
                self.scopes[stmt.name] = stmt
            elif not hasattr(stmt, "body"):
                # A simple statement: its calls run before its targets are rebound.
                for node in find(stmt, CALL):
                    self._maybe_loader_call(cast(ast.Call, node))
            self.loading.statement(stmt)
            self._statement(stmt)

    def _statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self._import(stmt)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._function(stmt)
        elif isinstance(stmt, ast.ClassDef):
            self._rebind(stmt.name)
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                self._assign(target, stmt.value, stmt)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            self._assign(stmt.target, stmt.value, stmt)
        elif isinstance(stmt, ast.If):
            if not _is_main_guard(stmt.test):
                self._branches(stmt.body, stmt.orelse)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for target in _loop_targets(stmt):
                self._rebind_targets(target)
            self._statements(stmt.body)
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
            for target in _loop_targets(stmt):
                self._rebind_targets(target)
            self._branches(stmt.body, stmt.orelse)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            handlers = [handler.body for handler in stmt.handlers]  # type: ignore[attr-defined]
            self._branches(stmt.body, *handlers, stmt.orelse)  # type: ignore[attr-defined]
            self._statements(stmt.finalbody)  # type: ignore[attr-defined]

    def _branches(self, *bodies: Sequence[ast.stmt]) -> None:
        """Blocks that may or may not run: a name they bind holds no certain value."""
        self.branching += 1
        try:
            for body in bodies:
                self._statements(body)
        finally:
            self.branching -= 1

    # -- names -------------------------------------------------------------------------
    def _rebind(self, name: str) -> None:
        if name in self.imported:
            self.rebound.add(name)
        self.forget(name)

    def forget(self, name: str) -> None:
        """The name no longer holds what it held."""
        self.imported.pop(name, None)
        self.consts.pop(name, None)
        self.bound.pop(name, None)
        self.graphs.discard(name)
        self.factories.pop(name, None)

    def _rebind_targets(self, target: ast.expr) -> None:
        for node in ast.walk(target):
            if isinstance(node, ast.Name):
                self._rebind(node.id)

    @contextlib.contextmanager
    def masked(self, scope: str | None) -> Iterator[None]:
        """Inside a top-level function (or class): its own names hide the module's."""
        node = self.scopes.get(scope) if scope is not None else None
        if node is None:
            yield
            return
        saved = (dict(self.imported), dict(self.consts), dict(self.bound), set(self.graphs),
                 dict(self.factories), self.hidden)
        self.hidden = frozenset(local_names(node))
        for name in self.hidden:
            self.forget(name)
        try:
            yield
        finally:
            self.imported, self.bound, self.graphs, self.factories, self.hidden = (
                saved[0], saved[2], saved[3], saved[4], saved[5]
            )
            self.consts.clear()
            self.consts.update(saved[1])

    def qualname(self, node: ast.expr) -> str | None:
        """The dotted name an expression refers to through imports, or None."""
        if isinstance(node, ast.Name):
            if node.id in self.imported:
                return self.imported[node.id]
            if self.dagster_star and not self._is_local(node.id):
                return f"dagster.{node.id}"
            return None
        if isinstance(node, ast.Attribute):
            base = self.qualname(node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    def _is_local(self, name: str) -> bool:
        return name in self.consts or name in self.bound or name in self.graphs

    def dagster_name(self, node: ast.expr) -> str | None:
        """`asset` for `dg.asset`, `dagster.components.load_defs` -> `load_defs`, else None.

        Class-level names keep their class: `dg.AssetsDefinition.from_graph`.
        """
        qualified = self.qualname(node)
        if qualified is None:
            return None
        head, _, rest = qualified.partition(".")
        if head not in DAGSTER_PACKAGES or not rest:
            return None
        parts = rest.split(".")
        if len(parts) >= 2 and parts[-2][:1].isupper():
            return ".".join(parts[-2:])
        return parts[-1]

    # -- imports -----------------------------------------------------------------------
    def _import(self, stmt: ast.Import | ast.ImportFrom) -> None:
        refs = list(self._import_refs(stmt, module_level=True))
        self.imports.extend(refs)
        for ref in refs:
            if ref.star:
                if ref.module.partition(".")[0] in DAGSTER_PACKAGES:
                    self.dagster_star = True
            elif isinstance(stmt, ast.ImportFrom):
                for name, local in ref.names:
                    self._rebind(local)
                    self.imported[local] = f"{ref.module}.{name}"
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                local = alias.asname or alias.name.partition(".")[0]
                self._rebind(local)
                self.imported[local] = alias.name if alias.asname else local

    def _import_refs(
        self, stmt: ast.Import | ast.ImportFrom, module_level: bool
    ) -> Iterator[ImportRef]:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                yield ImportRef(stmt.lineno, stmt.col_offset, alias.name, module_level=module_level)
            return
        module = self._absolute(stmt.module, stmt.level)
        if module is None:
            return
        if any(alias.name == "*" for alias in stmt.names):
            yield ImportRef(
                stmt.lineno, stmt.col_offset, module, star=True, module_level=module_level
            )
            return
        names = tuple((alias.name, alias.asname or alias.name) for alias in stmt.names)
        yield ImportRef(stmt.lineno, stmt.col_offset, module, names, module_level=module_level)

    def _absolute(self, module: str | None, level: int) -> str | None:
        if level == 0:
            return module
        parts = self.package.split(".") if self.package else []
        if level - 1 > len(parts) or (level - 1 == len(parts) and not module):
            return None
        base = parts[: len(parts) - (level - 1)]
        return ".".join([*base, module] if module else base) or None

    # -- definitions ---------------------------------------------------------------------
    def _function(self, stmt: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        found: Definition | None = None
        is_graph = False
        for decorator in stmt.decorator_list:
            callee = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = self.dagster_name(callee)
            construct = DECORATORS.get(name or "") or INTEGRATIONS.get(self.qualname(callee) or "")
            if construct is not None and found is None:
                args = decorator if isinstance(decorator, ast.Call) else None
                found = self._decorated(construct, stmt, decorator, args)
            is_graph = is_graph or name == "graph"
        self._rebind(stmt.name)
        if found is not None:
            self._add(found)
        elif is_graph:
            self.graphs.add(stmt.name)
        elif not self.branching and isinstance(stmt, ast.FunctionDef) and is_factory(stmt):
            self.factories[stmt.name] = stmt

    def _decorated(
        self,
        construct: Construct,
        stmt: ast.FunctionDef | ast.AsyncFunctionDef,
        decorator: ast.expr,
        call: ast.Call | None,
    ) -> Definition:
        kwargs = _keywords(call)
        keys: tuple[str, ...] = ()
        name: str | None = self._str(kwargs.get("name")) if "name" in kwargs else stmt.name
        category = construct.category
        if category == ASSET:
            if construct.naming == OUTS:
                keys = self._multi_keys(kwargs)
                name = self._str(kwargs.get("name")) if "name" in kwargs else stmt.name
            else:
                key = self._asset_key(name, kwargs)
                keys = (key,) if key else ()
                name = key
        elif category == ASSET_CHECK:
            if construct.naming == CHECK:
                asset = self._asset_ref(kwargs.get("asset"))
                keys = (f"{asset}:{name}",) if asset and name else ()
            else:
                keys = self._check_spec_keys(kwargs.get("specs"))
        elif name:
            keys = (name,)
        return Definition(
            kind=construct.kind,
            category=category,
            name=name,
            binding=stmt.name,
            line=decorator.lineno,
            col=max(decorator.col_offset - 1, 0),  # the "@"
            keys=keys,
            details=self._details(construct, call, stmt, None, keys),
        )

    def _assign(self, target: ast.expr, value: ast.expr, stmt: ast.stmt) -> None:
        if not isinstance(target, ast.Name):
            self._rebind_targets(target)
            return
        local = target.id
        definition = self._called_definition(value, local, stmt)
        alias = self.bound.get(value.id) if isinstance(value, ast.Name) else None
        const = evaluate(value, self.consts)
        if const is None:  # `daily = dg.DailyPartitionsDefinition(...)`: scan/partitions.py
            const = partitions_value(self, value)
        self._rebind(local)
        if definition is not None:
            self._add(definition)
        elif alias is not None:
            self.bound[local] = alias
        elif const is not None and not self.branching:
            self.consts[local] = const

    def _add(self, definition: Definition) -> None:
        if self.branching and definition.binding:
            definition = replace(definition, conditional=True)
        self.definitions.append(definition)
        if definition.binding:
            self.bound[definition.binding] = definition

    def _called_definition(
        self, value: ast.expr, local: str | None, stmt: ast.stmt | ast.expr
    ) -> Definition | None:
        """The definition a call builds: a Dagster constructor's, or a factory's."""
        if not isinstance(value, ast.Call):
            return None
        callee = self.dagster_name(value.func)
        construct = CALLS.get(callee or "") or INTEGRATIONS.get(self.qualname(value.func) or "")
        if construct is None and self._is_graph_to_job(value.func):
            callee = "GraphDefinition.to_job"
            construct = CALLS[callee]
        if construct is None:
            return evaluate_call(self, value, local, stmt) if callee is None else None
        name = self._call_name(construct, value)
        keys = (name,) if name else ()
        return Definition(
            kind=construct.kind,
            category=construct.category,
            name=name,
            binding=local,
            line=stmt.lineno,
            col=stmt.col_offset,
            keys=keys,
            job_ref=self._job_ref(construct, value) if name is None else None,
            details=self._details(construct, value, None, callee, keys),
        )

    def _details(
        self,
        construct: Construct,
        call: ast.Call | None,
        function: ast.FunctionDef | ast.AsyncFunctionDef | None,
        callee: str | None,
        keys: tuple[str, ...],
    ) -> Details:
        """What `flake8-dgdefs list` shows of a definition (group, deps, ...): scan.details."""
        from flake8_dgdefs.scan.details import definition_details

        return definition_details(self, construct, call, function, callee, keys)

    def _is_graph_to_job(self, func: ast.expr) -> bool:
        if not (isinstance(func, ast.Attribute) and func.attr == "to_job"):
            return False
        base = func.value
        if isinstance(base, ast.Name):
            return base.id in self.graphs or base.id in self.imported
        return isinstance(base, ast.Call) and self.dagster_name(base.func) == "GraphDefinition"

    def _call_name(self, construct: Construct, call: ast.Call) -> str | None:
        kwargs = _keywords(call)
        first = call.args[0] if call.args else None
        naming = construct.naming
        if naming == SPEC_KEY:
            return self._key_string(kwargs.get("key", first))
        if naming == FIRST_ARGUMENT:
            return self._str(kwargs.get("name", first))
        if naming == SCHEDULE_NAME:
            if "name" in kwargs or first is not None:
                return self._str(kwargs.get("name", first))
            job_name = self._job_name(kwargs.get("job"))
            if job_name is None and "job_name" in kwargs:
                job_name = self._str(kwargs["job_name"])
            return f"{job_name}_schedule" if job_name else None
        if naming == PARTITIONED_SCHEDULE_NAME:  # (job, description=None, name=None, ...)
            if "name" in kwargs or len(call.args) > 2:
                return self._str(kwargs.get("name", _argument(call, 2)))
            job_name = self._job_name(kwargs.get("job", first))
            return f"{job_name}_schedule" if job_name else None
        if "name" in kwargs:
            return self._str(kwargs["name"])
        return construct.default_name

    def _job_ref(self, construct: Construct, call: ast.Call) -> str | None:
        """For a schedule on a job defined in another module: the job's qualified name."""
        if construct.naming not in (SCHEDULE_NAME, PARTITIONED_SCHEDULE_NAME):
            return None
        kwargs = _keywords(call)
        partitioned = construct.naming == PARTITIONED_SCHEDULE_NAME
        positional = call.args[0] if partitioned and call.args else None
        job = kwargs.get("job", positional)
        return self.qualname(job) if isinstance(job, (ast.Name, ast.Attribute)) else None

    def _job_name(self, node: ast.expr | None) -> str | None:
        if isinstance(node, ast.Name) and node.id in self.bound:
            return self.bound[node.id].name
        return None

    # -- loader calls --------------------------------------------------------------------
    def _maybe_loader_call(self, call: ast.Call) -> None:
        self.loading.call(call)
        callee = self.dagster_name(call.func)
        if callee not in AUTOLOADERS:
            return
        target: str | None = None
        if callee == "load_defs":
            kwargs = _keywords(call)
            arg = call.args[0] if call.args else kwargs.get("defs_root")
            target = self._module_of(arg)
        self.loader_calls.append(LoaderCall(call.lineno, call.col_offset, callee, target))

    def _module_of(self, node: ast.expr | None) -> str | None:
        if node is None:
            return None
        if isinstance(node, ast.Call) and self.qualname(node.func) == "importlib.import_module":
            return self._str(node.args[0]) if node.args else None
        return self.qualname(node)

    # -- static values ---------------------------------------------------------------------
    def _str(self, node: ast.expr | None) -> str | None:
        value = evaluate(node, self.consts) if node is not None else None
        return value if isinstance(value, str) else None

    def _key_string(self, node: ast.expr | None) -> str | None:
        parts = self._key_parts(node)
        return "/".join(parts) if parts else None

    def _key_parts(self, node: ast.expr | None) -> list[str] | None:
        if node is None:
            return None
        if isinstance(node, ast.Call) and self.dagster_name(node.func) == "AssetKey" and node.args:
            node = node.args[0]
        value = evaluate(node, self.consts)
        if isinstance(value, str):
            return [value]
        if isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
            return [str(v) for v in value]
        return None

    def _asset_key(self, name: str | None, kwargs: dict[str, ast.expr]) -> str | None:
        if "key" in kwargs:
            return self._key_string(kwargs["key"])
        if name is None:
            return None
        prefix: list[str] = []
        if "key_prefix" in kwargs:
            parts = self._key_parts(kwargs["key_prefix"])
            if parts is None:
                return None
            prefix = parts
        return "/".join([*prefix, name])

    def _multi_keys(self, kwargs: dict[str, ast.expr]) -> tuple[str, ...]:
        outs = kwargs.get("outs")
        if isinstance(outs, ast.Dict):
            keys = []
            for out_name, out in zip(outs.keys, outs.values):
                name = self._str(out_name)
                out_kwargs = _keywords(out) if isinstance(out, ast.Call) else {}
                key = self._asset_key(name, out_kwargs) if name else None
                if key is None:
                    return ()
                keys.append(key)
            return tuple(keys)
        specs = kwargs.get("specs")
        if isinstance(specs, (ast.List, ast.Tuple)):
            keys = []
            for spec in specs.elts:
                key = None
                if isinstance(spec, ast.Call) and self.dagster_name(spec.func) == "AssetSpec":
                    spec_kwargs = _keywords(spec)
                    key = self._key_string(spec_kwargs.get("key", _argument(spec, 0)))
                if key is None:
                    return ()
                keys.append(key)
            return tuple(keys)
        return ()

    def _asset_ref(self, node: ast.expr | None) -> str | None:
        if isinstance(node, ast.Name) and node.id in self.bound:
            return self.bound[node.id].name
        return self._key_string(node)

    def _check_spec_keys(self, specs: ast.expr | None) -> tuple[str, ...]:
        if not isinstance(specs, (ast.List, ast.Tuple)):
            return ()
        keys = []
        for spec in specs.elts:
            if not isinstance(spec, ast.Call) or self.dagster_name(spec.func) != "AssetCheckSpec":
                return ()
            kwargs = _keywords(spec)
            name = self._str(kwargs.get("name", _argument(spec, 0)))
            asset = self._asset_ref(kwargs.get("asset", _argument(spec, 1)))
            if not (name and asset):
                return ()
            keys.append(f"{asset}:{name}")
        return tuple(keys)


def _argument(call: ast.Call, index: int) -> ast.expr | None:
    return call.args[index] if len(call.args) > index else None


def _keywords(call: ast.Call | None) -> dict[str, ast.expr]:
    if call is None:
        return {}
    return {kw.arg: kw.value for kw in call.keywords if kw.arg is not None}


def _is_main_guard(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators)
    )


def _loop_targets(stmt: ast.stmt) -> Iterable[ast.expr]:
    if isinstance(stmt, (ast.For, ast.AsyncFor)):
        yield stmt.target
    elif isinstance(stmt, (ast.With, ast.AsyncWith)):
        yield from (item.optional_vars for item in stmt.items if item.optional_vars is not None)
