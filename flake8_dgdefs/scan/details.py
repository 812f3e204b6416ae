"""What `flake8-dgdefs list` shows of one definition, read statically from its source.

The scan calls `definition_details` for each definition it finds and stores the result in
`Definition.details` (`model.Details`). The readers fill a dict of its fields. Values are
computed from literals, module constants, f-strings and concatenations only; anything
else is recorded under `unresolved` with its position, never guessed.
"""

from __future__ import annotations

import ast
import sys
import textwrap
from typing import Any, Protocol, cast

from flake8_dgdefs.api import NOT_INPUTS, SPEC_KEY, Construct
from flake8_dgdefs.model import (
    ASSET,
    ASSET_CHECK,
    JOB,
    NO_DETAILS,
    SCHEDULE_OR_SENSOR,
    Definition,
    Details,
)
from flake8_dgdefs.scan import _keywords
from flake8_dgdefs.scan.partitions import partitions_fields, schedule_fields
from flake8_dgdefs.scan.values import Constants, evaluate

Unresolved = list[tuple[str, int, int]]

#: Whether `__doc__` holds the docstring already dedented (the compiler does it from 3.13).
CLEANED_DOCSTRINGS = sys.version_info >= (3, 13)


class Resolver(Protocol):
    """What details need from the scan: its view of the module's names."""

    consts: Constants
    bound: dict[str, Definition]
    module: str
    hidden: frozenset[str]  # names of the function being read: not the module's

    def qualname(self, node: ast.expr) -> str | None: ...

    def dagster_name(self, node: ast.expr) -> str | None: ...


def definition_details(
    resolver: Resolver,
    construct: Construct,
    call: ast.Call | None,
    function: ast.FunctionDef | ast.AsyncFunctionDef | None = None,
    callee: str | None = None,
    keys: tuple[str, ...] = (),
) -> Details:
    """The details of one definition: a decorated function (`function`) or a call."""
    reader = _Reader(resolver)
    kwargs = _keywords(call)
    fields: dict[str, object] = {}
    category = construct.category
    if construct.copies and callee is not None:
        reader.reloaded(callee, call, kwargs, fields)
    elif category == ASSET:
        if construct.naming == SPEC_KEY:
            reader.spec(call, kwargs, fields)
            fields["executable"] = False
        elif construct.multi:
            reader.multi_asset(construct, kwargs, function, keys, fields)
        else:
            reader.asset_fields(kwargs, fields)
            reader.description(kwargs, function, fields)
            reader.deps(construct, kwargs, function, fields)
    elif category == ASSET_CHECK and construct.check_name is not None:
        reader.built_checks(construct.check_name, call, kwargs, fields)
    elif category == ASSET_CHECK:
        reader.description(kwargs, function, fields)
        if "additional_deps" in kwargs:
            deps: list[str] = []
            refs: list[str] = []
            reader.dep_items(kwargs["additional_deps"], deps, refs)
            if deps:
                fields["deps"] = tuple(sorted(set(deps)))
            if refs:
                fields["dep_refs"] = tuple(refs)
        asset = kwargs.get("asset")
        if not keys and isinstance(asset, (ast.Name, ast.Attribute)):
            qualified = resolver.qualname(asset)
            if qualified is not None:
                fields["asset_ref"] = qualified
    elif category == JOB:
        reader.description(kwargs, function, fields)
    elif category == SCHEDULE_OR_SENSOR:
        reader.schedule_or_sensor(callee, call, kwargs, fields)
    # What a partitioned schedule's cron is computed from (scan/partitions.py).
    partitions_fields(resolver, construct, call, callee, fields)
    if reader.unresolved:
        fields["unresolved"] = tuple(reader.unresolved)
    return details_of(fields)


def details_of(fields: dict[str, object]) -> Details:
    """The details a reader's fields make (the names are `Details`' own)."""
    return Details(**cast("dict[str, Any]", fields)) if fields else NO_DETAILS


def format_docstring(docstring: str, compiler_cleans: bool = CLEANED_DOCSTRINGS) -> str:
    """A docstring as Dagster turns it into a description (`format_docstring_for_description`).

    From Python 3.13 the compiler itself strips the docstring's indentation first.
    """
    if compiler_cleans:
        docstring = _compiler_cleaned(docstring)
    if docstring and docstring[0].isspace():
        return textwrap.dedent(docstring).strip()
    first, newline, rest = docstring.partition("\n")
    if not newline:
        return docstring
    return (first + newline + textwrap.dedent(rest)).strip()


def _compiler_cleaned(docstring: str) -> str:
    """What Python 3.13's compiler stores: the first line without leading spaces, the
    common indentation of the other non-blank lines removed."""
    lines = docstring.expandtabs().split("\n")
    indents = [len(line) - len(line.lstrip(" ")) for line in lines[1:] if line.strip(" ")]
    margin = min(indents, default=0)
    return "\n".join([lines[0].lstrip(" "), *(line[margin:] for line in lines[1:])])


class _Reader:
    def __init__(self, resolver: Resolver) -> None:
        self.r = resolver
        self.unresolved: Unresolved = []

    # -- values ------------------------------------------------------------------------
    def _miss(self, field: str, node: ast.AST) -> None:
        self.unresolved.append((field, getattr(node, "lineno", 0), getattr(node, "col_offset", 0)))

    def text(self, field: str, node: ast.expr | None, fields: dict[str, object]) -> None:
        """A string field: stored, None left out, anything else unresolved."""
        if node is None or _is_none(node):
            return
        value = evaluate(node, self.r.consts)
        if isinstance(value, str):
            fields[field] = value
        else:
            self._miss(field, node)

    def key_of(self, node: ast.expr | None) -> str | None:
        """An asset key written as a string, a list of parts or `AssetKey(...)`."""
        if node is None:
            return None
        if isinstance(node, ast.Call) and self.r.dagster_name(node.func) == "AssetKey":
            node = node.args[0] if node.args else None
            if node is None:
                return None
        value = evaluate(node, self.r.consts)
        if isinstance(value, str):
            return value
        if isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
            return "/".join(str(v) for v in value)
        return None

    def prefix_of(self, node: ast.expr) -> list[str] | None:
        value = evaluate(node, self.r.consts)
        if isinstance(value, str):
            return [value]
        if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            return [str(v) for v in value]
        return None

    def kinds(self, kwargs: dict[str, ast.expr], fields: dict[str, object]) -> None:
        found: list[str] = []
        node = kwargs.get("kinds")
        if node is not None and not (isinstance(node, ast.Constant) and node.value is None):
            items = node.elts if isinstance(node, (ast.Set, ast.List, ast.Tuple)) else None
            values = [evaluate(item, self.r.consts) for item in items or []]
            if items is None or not all(isinstance(v, str) for v in values):
                self._miss("kinds", node)
            else:
                found.extend(str(v) for v in values)
        if found:
            fields["kinds"] = tuple(sorted(set(found)))

    def description(
        self,
        kwargs: dict[str, ast.expr],
        function: ast.FunctionDef | ast.AsyncFunctionDef | None,
        fields: dict[str, object],
    ) -> None:
        if "description" in kwargs and not _is_none(kwargs["description"]):
            self.text("description", kwargs["description"], fields)
        elif function is not None:
            docstring = ast.get_docstring(function, clean=False)
            if docstring is not None:
                fields["description"] = format_docstring(docstring)

    # -- assets --------------------------------------------------------------------------
    def asset_fields(self, kwargs: dict[str, ast.expr], fields: dict[str, object]) -> None:
        self.text("group", kwargs.get("group_name"), fields)
        self.kinds(kwargs, fields)
        owners = kwargs.get("owners")
        if owners is not None and not _is_none(owners):
            values = evaluate(owners, self.r.consts)
            if isinstance(values, tuple) and all(isinstance(v, str) for v in values):
                fields["owners"] = tuple(values)
            else:
                self._miss("owners", owners)
        tags = kwargs.get("tags")
        if isinstance(tags, ast.Dict):
            pairs = [
                (evaluate(k, self.r.consts) if k is not None else None, evaluate(v, self.r.consts))
                for k, v in zip(tags.keys, tags.values)
            ]
            if all(isinstance(k, str) and isinstance(v, str) for k, v in pairs):
                fields["tags"] = tuple(sorted(pairs))
            else:
                self._miss("tags", tags)
        elif tags is not None and not _is_none(tags):
            self._miss("tags", tags)

    def dep_items(self, node: ast.expr, deps: list[str], refs: list[str]) -> None:
        """The items of `deps=[...]`: keys, assets of this module, imported assets; or a
        name for the whole list (`deps=UPSTREAM`), resolved by the listing."""
        if isinstance(node, (ast.Name, ast.Attribute)):
            qualified = self.r.qualname(node)
            if qualified is None and isinstance(node, ast.Name) and node.id not in self.r.hidden:
                qualified = f"{self.r.module}.{node.id}"  # a module attribute, maybe later
            if qualified is not None:
                refs.append(qualified)
                return
        if not isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            self._miss("deps", node)
            return
        for item in node.elts:
            if isinstance(item, ast.Call) and self.r.dagster_name(item.func) == "AssetDep":
                first = item.args[0] if item.args else _keywords(item).get("asset")
                if first is None:
                    self._miss("deps", item)
                    continue
                item = first
            key = self.key_of(item)
            if key is not None:
                deps.append(key)
                continue
            if isinstance(item, ast.Name) and item.id in self.r.bound:
                local = self.r.bound[item.id]
                if local.keys:
                    deps.extend(local.keys)
                else:
                    self._miss("deps", item)
                continue
            qualified = None
            if isinstance(item, (ast.Name, ast.Attribute)):
                qualified = self.r.qualname(item)
            if qualified is not None:
                refs.append(qualified)
            else:
                self._miss("deps", item)

    def deps(
        self,
        construct: Construct,
        kwargs: dict[str, ast.expr],
        function: ast.FunctionDef | ast.AsyncFunctionDef | None,
        fields: dict[str, object],
    ) -> None:
        deps: list[str] = []
        refs: list[str] = []
        inputs: list[str] = []  # what Dagster requires some asset to produce
        annotated: list[tuple[str, str]] = []  # (parameter, its annotation's qualified name)
        if "deps" in kwargs:
            self.dep_items(kwargs["deps"], deps, refs)
        named_ins: set[str] = set()
        typed_ins: list[str] = []  # AssetIn(dagster_type=...) & co.: maybe no input
        ins = kwargs.get("ins")
        if isinstance(ins, ast.Dict):
            for name_node, asset_in in zip(ins.keys, ins.values):
                name = evaluate(name_node, self.r.consts) if name_node is not None else None
                if not isinstance(name, str):
                    self._miss("deps", asset_in)
                    continue
                named_ins.add(name)
                key = self._asset_in_key(name, asset_in)
                if key is None:
                    self._miss("deps", asset_in)
                else:
                    deps.append(key)
                    inputs.append(key)
                    if _sets_more_than_key(asset_in):
                        typed_ins.append(key)
        elif ins is not None:
            self._miss("deps", ins)
        if function is not None and construct.reads_inputs:
            for index, arg in enumerate([*function.args.posonlyargs, *function.args.args]):
                if arg.arg in named_ins or (index == 0 and arg.arg in NOT_INPUTS):
                    continue
                if arg.arg in NOT_INPUTS or _is_resource(arg.annotation):
                    continue
                if arg.annotation is not None:  # a resource if its class is one (listing)
                    annotated.append((arg.arg, self._type_name(arg.annotation)))
                deps.append(arg.arg)
                inputs.append(arg.arg)
        if deps:
            fields["deps"] = tuple(sorted(set(deps)))
        if inputs:
            fields["inputs"] = tuple(sorted(set(inputs)))
        if typed_ins:
            fields["typed_ins"] = tuple(sorted(set(typed_ins)))
        if annotated:
            fields["annotated"] = tuple(annotated)
        if refs:
            fields["dep_refs"] = tuple(refs)

    def _type_name(self, annotation: ast.expr) -> str:
        """An annotation's qualified name when imported (a name of this module or a builtin
        stays bare), or its source when it is not a plain name (`Optional[X]`, a string)."""
        return self.r.qualname(annotation) or ast.unparse(annotation)

    def _asset_in_key(self, name: str, asset_in: ast.expr) -> str | None:
        if not isinstance(asset_in, ast.Call) or self.r.dagster_name(asset_in.func) != "AssetIn":
            return None
        kwargs = _keywords(asset_in)
        key_node = asset_in.args[0] if asset_in.args else kwargs.get("key")
        if key_node is not None and not _is_none(key_node):
            return self.key_of(key_node)
        if "key_prefix" in kwargs:
            prefix = self.prefix_of(kwargs["key_prefix"])
            return "/".join([*prefix, name]) if prefix is not None else None
        return name

    def spec(
        self, call: ast.Call | None, kwargs: dict[str, ast.expr], fields: dict[str, object]
    ) -> None:
        """`AssetSpec(...)` / `SourceAsset(...)`: group, kinds, description, deps."""
        self.asset_fields(kwargs, fields)
        self.text("description", kwargs.get("description"), fields)
        deps: list[str] = []
        refs: list[str] = []
        if "deps" in kwargs:
            self.dep_items(kwargs["deps"], deps, refs)
        if deps:
            fields["deps"] = tuple(sorted(set(deps)))
        if refs:
            fields["dep_refs"] = tuple(refs)

    def multi_asset(
        self,
        construct: Construct,
        kwargs: dict[str, ast.expr],
        function: ast.FunctionDef | ast.AsyncFunctionDef | None,
        keys: tuple[str, ...],
        fields: dict[str, object],
    ) -> None:
        """Each key of a multi-asset: its out's (or spec's) details over the shared ones."""
        shared: dict[str, object] = {}
        self.asset_fields(kwargs, shared)
        self.deps(construct, kwargs, function, shared)
        outs = kwargs.get("outs")
        specs = kwargs.get("specs")
        items: list[ast.expr] = []
        if isinstance(outs, ast.Dict):
            items = list(outs.values)
        elif isinstance(specs, (ast.List, ast.Tuple)):
            items = list(specs.elts)
        if len(items) != len(keys):
            fields.update(shared)
            return
        per_key = []
        for key, item in zip(keys, items):
            own: dict[str, object] = dict(shared)
            if isinstance(item, ast.Call):
                item_kwargs = _keywords(item)
                if "group_name" in item_kwargs:
                    own.pop("group", None)
                self.asset_fields(item_kwargs, own)
                if "kinds" in item_kwargs and "kinds" in shared:
                    both = {*shared["kinds"], *own["kinds"]}  # type: ignore[misc]
                    own["kinds"] = tuple(sorted(both))
                self.text("description", item_kwargs.get("description"), own)
                if "deps" in item_kwargs:
                    deps: list[str] = []
                    refs: list[str] = []
                    self.dep_items(item_kwargs["deps"], deps, refs)
                    if deps:
                        inherited = own.get("deps", ())
                        own["deps"] = tuple(sorted({*deps, *inherited}))  # type: ignore[misc]
                    if refs:
                        own["dep_refs"] = tuple(refs)
            per_key.append((key, details_of(own)))
        fields["per_key"] = tuple(per_key)

    def reloaded(
        self,
        callee: str,
        call: ast.Call | None,
        kwargs: dict[str, ast.expr],
        fields: dict[str, object],
    ) -> None:
        """`load_assets_from_modules([a, b], group_name=...)`: which modules, which group."""
        modules: list[str] = []
        if callee.endswith("current_module"):
            modules.append(self.r.module)
        elif call is not None:
            node = call.args[0] if call.args else kwargs.get("modules")
            node = node or kwargs.get("package_module") or kwargs.get("package_name")
            if callee.endswith("package_name") and node is not None:
                value = evaluate(node, self.r.consts)
                if isinstance(value, str):
                    modules.append(value)
                else:
                    self._miss("modules", node)
            elif node is not None:
                items = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node]
                for item in items:
                    qualified = self.r.qualname(item)
                    if qualified is None:
                        self._miss("modules", item)
                    else:
                        modules.append(qualified)
        fields["modules"] = tuple(modules)
        fields["helper"] = callee
        if "package" in callee:
            fields["package"] = True
        self.text("group", kwargs.get("group_name"), fields)
        if "key_prefix" in kwargs:
            prefix = self.prefix_of(kwargs["key_prefix"])
            if prefix is None:
                self._miss("key_prefix", kwargs["key_prefix"])
            else:
                fields["key_prefix"] = tuple(prefix)

    def built_checks(
        self,
        check_name: str,
        call: ast.Call | None,
        kwargs: dict[str, ast.expr],
        fields: dict[str, object],
    ) -> None:
        """`build_last_update_freshness_checks(assets=[...])`: one named check per asset."""
        fields["check_name"] = check_name
        assets = kwargs.get("assets")
        if assets is None:
            if call is not None:
                self._miss("key", call)
            return
        keys: list[str] = []
        refs: list[str] = []
        self.dep_items(assets, keys, refs)
        fields["checked"] = tuple(keys)
        if refs:
            fields["checked_refs"] = tuple(refs)
        if call is not None:
            self._miss("description", call)  # Dagster's builder writes it

    # -- schedules and sensors -----------------------------------------------------------
    def schedule_or_sensor(
        self,
        callee: str | None,
        call: ast.Call | None,
        kwargs: dict[str, ast.expr],
        fields: dict[str, object],
    ) -> None:
        if callee == "build_schedule_from_partitioned_job" and call is not None:
            # Dagster computes it from the job's partitions definition: the listing does
            # too, from what is recorded here (scan/partitions.py); unresolved until then.
            self._miss("cron", call)
            schedule_fields(self.r, call, fields)
        elif "cron_schedule" in kwargs:
            node = kwargs["cron_schedule"]
            value = evaluate(node, self.r.consts)
            if isinstance(value, str):
                fields["cron"] = value
            elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
                fields["cron"] = ", ".join(str(v) for v in value)
            else:
                self._miss("cron", node)
        elif callee is None and call is not None and call.args:
            # @dg.schedule("0 * * * *", job=...)
            value = evaluate(call.args[0], self.r.consts)
            if isinstance(value, str):
                fields["cron"] = value
        job = kwargs.get("job")
        if job is None and callee == "build_schedule_from_partitioned_job" and call is not None:
            job = call.args[0] if call.args else None
        if job is not None:
            if isinstance(job, ast.Name) and job.id in self.r.bound:
                name = self.r.bound[job.id].name
                if name:
                    fields["job"] = name
                fields["job_ref"] = f"{self.r.module}.{self.r.bound[job.id].binding or job.id}"
            elif isinstance(job, (ast.Name, ast.Attribute)):
                qualified = self.r.qualname(job)
                if qualified:
                    fields["job_ref"] = qualified
            else:
                inline = self.inline_job(job)
                if inline:
                    fields["job"] = inline
                    fields["inline_jobs"] = (inline,)
        elif "job_name" in kwargs:
            self.text("job_name", kwargs["job_name"], fields)
        jobs = kwargs.get("jobs")
        if isinstance(jobs, (ast.List, ast.Tuple)):
            names = [self.inline_job(item) for item in jobs.elts]
            if any(names):
                fields["inline_jobs"] = tuple(name for name in names if name)

    def inline_job(self, node: ast.expr) -> str | None:
        """The name of `define_asset_job("name", ...)` written as an argument."""
        if isinstance(node, ast.Call) and self.r.dagster_name(node.func) == "define_asset_job":
            name_node = node.args[0] if node.args else _keywords(node).get("name")
            value = evaluate(name_node, self.r.consts) if name_node is not None else None
            return value if isinstance(value, str) else None
        return None


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _is_resource(annotation: ast.expr | None) -> bool:
    """A parameter Dagster fills with a resource: `ResourceParam[...]` or `...Resource`."""
    if annotation is None:
        return False
    node = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name == "ResourceParam" or name.endswith("Resource")


def _sets_more_than_key(asset_in: ast.expr) -> bool:
    """`AssetIn(...)` with more than its key (`dagster_type=Nothing` makes no input)."""
    if not isinstance(asset_in, ast.Call):
        return True
    extra = {kw.arg for kw in asset_in.keywords} - {"key", "key_prefix"}
    return bool(extra) or len(asset_in.args) > 1
