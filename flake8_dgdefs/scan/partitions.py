"""Partitioned schedules: the cron `build_schedule_from_partitioned_job` gets, as Dagster
computes it, from the partitions definition of the job it is given.

The scan side describes partitions definitions statically. A description is a plain value
(scan/values.py's `Value`), so that a module-level `daily = dg.DailyPartitionsDefinition(...)`
is one of its module's constants and reaches the modules that import it through
`Constants.given`:

    ("partitions", kind, cron, identity)

`kind`: "time" (a `TimeWindowPartitionsDefinition` or a subclass), "multi" (a
`MultiPartitionsDefinition`), "static", or "unknown" (anything else, or arguments the scan
cannot read). `cron`: the time partitions' own cron ("multi": its one time dimension's, ""
when it has not exactly one). `identity`: what makes two descriptions the same definition
for Dagster: the class and its static arguments, or, when an argument is not static, the
place the definition is written (the same object, nothing else, is then the same).

Details recorded here (model.Details): `partitions` / `partitions_ref` on assets and
jobs, `selection` on `define_asset_job`, `partitioned` and `partitioned_job` on the
schedule. The listing side (`partitioned_cron`) reads them with the load model: the job's
own partitions definition, else the one its literally selected assets share, then the cron
Dagster derives (`TimeWindowPartitionsDefinition.get_cron_schedule`). Whatever cannot be
known gives None: the listing keeps the cron unresolved, never guessed.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Protocol, TypeGuard, cast

from flake8_dgdefs.api import (
    ASSET_JOBS,
    CALLS,
    DAGSTER_PACKAGES,
    PARTITIONED_SCHEDULE_PARAMETERS,
    PARTITIONS_DEFINITIONS,
    SCHEDULE_TYPES,
    Construct,
)
from flake8_dgdefs.model import ASSET, JOB, Definition, Details
from flake8_dgdefs.scan.values import Constants, Value, evaluate

if TYPE_CHECKING:  # pragma: no cover
    from flake8_dgdefs.loading import LoadModel

TAG = "partitions"
TIME = "time"
MULTI = "multi"
STATIC = "static"
UNKNOWN = "unknown"

#: A partitions definition nothing can be said of.
UNKNOWN_PARTITIONS: Value = (TAG, UNKNOWN, "", ())

#: The arguments of `build_schedule_from_partitioned_job` that shape its cron.
OVERRIDES = ("minute_of_hour", "hour_of_day", "day_of_week", "day_of_month")
SCHEDULE_ARGUMENTS = (*OVERRIDES, "cron_schedule", "execution_timezone")

#: A `define_asset_job` selection string that is one asset key (`a`, `a/b`): Dagster's
#: selection syntax reads a bare key so; anything else (`*`, `+`, `group:`) is a query.
_KEY_STRING = re.compile(r"\w+(?:/\w+)*")

#: What `TimeWindowPartitionsDefinition.schedule_type` reads from a cron.
_CADENCES = (
    ("hourly", re.compile(r"\d+ \* \* \* \*")),
    ("daily", re.compile(r"\d+ \d+ \* \* \*")),
    ("weekly", re.compile(r"\d+ \d+ \* \* \d+")),
    ("monthly", re.compile(r"\d+ \d+ \d+ \* \*")),
)

#: The ranges croniter accepts for the fields a cadence writes (Dagster refuses the rest).
_MINUTES, _HOURS, _WEEKDAYS, _MONTH_DAYS = range(60), range(24), range(8), range(1, 32)


class Scope(Protocol):
    """What the scan side needs of the scanner: its view of the module's names."""

    consts: Constants
    bound: dict[str, Definition]
    module: str

    def qualname(self, node: ast.expr) -> str | None: ...

    def dagster_name(self, node: ast.expr) -> str | None: ...


# -- descriptions ------------------------------------------------------------------------------
def is_description(value: object) -> TypeGuard[tuple[Value, ...]]:
    """A partitions description (and not another constant)."""
    return (
        isinstance(value, tuple)
        and len(value) == 4
        and value[0] == TAG
        and isinstance(value[2], str)
        and isinstance(value[3], tuple)
    )


def partitions_value(scope: Scope, node: ast.expr) -> Value | None:
    """The description of a call of a Dagster partitions definition class (the value a
    module-level name bound to it holds); None for any other expression."""
    if not isinstance(node, ast.Call):
        return None
    name = scope.dagster_name(node.func)
    if name not in PARTITIONS_DEFINITIONS:
        return None
    return _describe_call(scope, node, name)


def describe(scope: Scope, node: ast.expr) -> Value | str:
    """A `partitions_def=` argument: its description, or the qualified name of an imported
    name the scan was not given (the listing asks the resolver), or UNKNOWN_PARTITIONS."""
    found = partitions_value(scope, node)
    if found is not None:
        return found
    value = evaluate(node, scope.consts)
    if is_description(value):
        return value
    if value is None and isinstance(node, (ast.Name, ast.Attribute)):
        qualified = scope.qualname(node)
        if qualified is not None:
            return qualified
    return UNKNOWN_PARTITIONS


def _describe_call(scope: Scope, call: ast.Call, name: str) -> Value:
    cadence, parameters = PARTITIONS_DEFINITIONS[name]
    if any(isinstance(a, ast.Starred) for a in call.args) or len(call.args) > len(parameters):
        return UNKNOWN_PARTITIONS
    if any(keyword.arg is None for keyword in call.keywords):
        return UNKNOWN_PARTITIONS
    arguments: dict[str, ast.expr] = dict(zip(parameters, call.args))
    for keyword in call.keywords:
        if keyword.arg in arguments:
            return UNKNOWN_PARTITIONS  # Dagster: multiple values for one argument
        arguments[str(keyword.arg)] = keyword.value
    arguments = {k: v for k, v in arguments.items() if not _is_none(v)}
    values = {k: evaluate(v, scope.consts) for k, v in arguments.items()}
    identity: Value
    if all(value is not None for value in values.values()):
        identity = (name, tuple(sorted((k, v) for k, v in values.items() if v is not None)))
    else:
        identity = ("written at", scope.module, call.lineno, call.col_offset)
    if cadence == MULTI:
        return _multi(scope, arguments.get("partitions_defs"))
    if cadence in (STATIC, "dynamic"):
        return (TAG, STATIC if cadence == STATIC else UNKNOWN, "", identity)
    if cadence == "cron" and "schedule_type" in arguments:
        cadence = SCHEDULE_TYPES.get(scope.dagster_name(arguments["schedule_type"]) or "", "")
    cron = _time_cron(cadence, parameters, arguments, values)
    return (TAG, TIME, cron, identity) if cron is not None else UNKNOWN_PARTITIONS


def _time_cron(
    cadence: str,
    parameters: tuple[str, ...],
    arguments: Mapping[str, ast.expr],
    values: Mapping[str, Value | None],
) -> str | None:
    """The cron of a time window partitions definition, as its constructor builds it
    (`cadence` "cron": `TimeWindowPartitionsDefinition` without a `schedule_type=`)."""
    offsets: dict[str, int] = {}
    for offset in ("minute_offset", "hour_offset", "day_offset"):
        if offset not in parameters or offset not in arguments:
            continue  # a subclass's **kwargs swallow the offsets it does not take
        value = values[offset]
        if type(value) is not int:
            return None
        offsets[offset] = value
    if cadence == "cron":
        # TimeWindowPartitionsDefinition: "If cron_schedule argument is provided, then
        # schedule_type, minute_offset, hour_offset, and day_offset can't also be provided".
        cron = values.get("cron_schedule")
        if not isinstance(cron, str) or "schedule_type" in arguments or any(offsets.values()):
            return None
        return cron
    if cadence not in ("hourly", "daily", "weekly", "monthly") or "cron_schedule" in arguments:
        return None  # no schedule_type; or the subclasses' hidden `cron_schedule=`
    # `day_offset or None`: a monthly day 0 is the 1st, as when none is given.
    day = offsets.get("day_offset") or None
    return _cron(cadence, offsets.get("minute_offset", 0), offsets.get("hour_offset", 0), day)


def _cron(cadence: str, minute: int, hour: int, day: int | None) -> str | None:
    """`cron_schedule_from_schedule_type_and_offsets`, and None for a cron Dagster refuses."""
    if minute not in _MINUTES:
        return None
    if cadence == "hourly":
        return f"{minute} * * * *"
    if hour not in _HOURS:
        return None
    if cadence == "daily":
        return f"{minute} {hour} * * *"
    if cadence == "weekly":
        weekday = day if day is not None else 0
        return f"{minute} {hour} * * {weekday}" if weekday in _WEEKDAYS else None
    month_day = day if day is not None else 1
    return f"{minute} {hour} {month_day} * *" if month_day in _MONTH_DAYS else None


def _multi(scope: Scope, node: ast.expr | None) -> Value:
    """`MultiPartitionsDefinition({"date": daily, "region": regions})`: two dimensions;
    the schedule follows its one time dimension. Equal when its dimensions are."""
    if not isinstance(node, ast.Dict) or len(node.keys) != 2 or None in node.keys:
        return UNKNOWN_PARTITIONS
    dimensions: list[tuple[str, Value]] = []
    for key, value in zip(node.keys, node.values):
        name = evaluate(key, scope.consts) if key is not None else None
        found = describe(scope, value)
        if not isinstance(name, str) or isinstance(found, str) or _kind(found) == UNKNOWN:
            return UNKNOWN_PARTITIONS
        dimensions.append((name, found))
    times = [found for _, found in dimensions if _kind(found) == TIME]
    cron = _cron_of(times[0]) if len(times) == 1 else ""
    return (TAG, MULTI, cron, ("MultiPartitionsDefinition", tuple(sorted(dimensions))))


def _kind(description: object) -> str:
    """TIME, MULTI, STATIC or UNKNOWN (also for anything that is not a description)."""
    return str(description[1]) if is_description(description) else UNKNOWN


def _cron_of(description: object) -> str:
    """A description's own cron ("" for none)."""
    return str(description[2]) if is_description(description) else ""


# -- details -----------------------------------------------------------------------------------
def partitions_fields(
    scope: Scope,
    construct: Construct,
    call: ast.Call | None,
    callee: str | None,
    fields: dict[str, object],
) -> None:
    """The partitions definition of an asset or a job (`partitions`, or `partitions_ref`
    for an imported name), and the literal selection of `define_asset_job`."""
    if construct.category not in (ASSET, JOB) or call is None:
        return
    kwargs = {kw.arg: kw.value for kw in call.keywords if kw.arg is not None}
    found: Value | str | None = None
    if any(keyword.arg is None for keyword in call.keywords):
        found = UNKNOWN_PARTITIONS  # `**options` may hold it
    elif "partitions_def" in kwargs and not _is_none(kwargs["partitions_def"]):
        found = describe(scope, kwargs["partitions_def"])
    elif construct.category == ASSET and "specs" in kwargs:
        found = _specs_partitions(scope, kwargs["specs"])
    elif construct.category == JOB:
        config = kwargs.get("config")
        asset_job = callee in ASSET_JOBS
        if asset_job and len(call.args) > 2:
            found = UNKNOWN_PARTITIONS  # config, ..., partitions_def written positionally
        elif config is not None and not isinstance(config, ast.Dict) and not _is_none(config):
            found = UNKNOWN_PARTITIONS  # a PartitionedConfig brings its partitions
    if isinstance(found, str):
        fields["partitions_ref"] = found
    elif found is not None:
        fields["partitions"] = found
    if callee in ASSET_JOBS:
        node = kwargs.get("selection", call.args[1] if len(call.args) > 1 else None)
        selection = _selection(scope, node)
        if selection is not None:
            fields["selection"] = selection


def _specs_partitions(scope: Scope, specs: ast.expr) -> Value | str | None:
    """A multi-asset's partitions written on its specs (all alike), else None."""
    if not isinstance(specs, (ast.List, ast.Tuple)):
        return UNKNOWN_PARTITIONS
    found: set[Value | str | None] = set()
    for spec in specs.elts:
        if not isinstance(spec, ast.Call) or any(kw.arg is None for kw in spec.keywords):
            return UNKNOWN_PARTITIONS
        node = next((kw.value for kw in spec.keywords if kw.arg == "partitions_def"), None)
        found.add(None if node is None or _is_none(node) else describe(scope, node))
    if len(found) > 1:
        return UNKNOWN_PARTITIONS  # Dagster requires one partitions definition per multi-asset
    return found.pop() if found else None


def _selection(scope: Scope, node: ast.expr | None) -> tuple[tuple[str, str], ...] | None:
    """`selection=` as (("key", key) | ("ref", qualified asset), ...) when it is a literal
    list of keys or assets (Dagster's `AssetSelection.from_coercible`); None otherwise."""
    if node is None or _is_none(node):
        return None  # every asset: not read
    value = evaluate(node, scope.consts)
    if isinstance(value, str):
        value = (value,)
    if isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
        keys = [str(v) for v in value]
        if all(_KEY_STRING.fullmatch(key) for key in keys):
            return tuple(("key", key) for key in keys)
        return None
    if not isinstance(node, (ast.List, ast.Tuple)) or not node.elts:
        return None
    items: list[tuple[str, str]] = []
    sorts: set[str] = set()
    for element in node.elts:
        item = _selected(scope, element)
        if item is None:
            return None
        sort, found = item
        sorts.add(sort)
        items.append(found)
    # Dagster takes a sequence of one sort only: strings, AssetKeys, or assets.
    return tuple(items) if len(sorts) == 1 else None


def _selected(scope: Scope, node: ast.expr) -> tuple[str, tuple[str, str]] | None:
    if isinstance(node, ast.Call) and scope.dagster_name(node.func) == "AssetKey":
        if len(node.args) != 1 or node.keywords:
            return None
        parts = evaluate(node.args[0], scope.consts)
        if isinstance(parts, str):
            parts = (parts,)
        if isinstance(parts, tuple) and parts and all(
            isinstance(p, str) and p and "/" not in p for p in parts
        ):  # (`AssetKey("a/b")` is one part: no key the listing spells so)
            return "AssetKey", ("key", "/".join(str(p) for p in parts))
        return None
    value = evaluate(node, scope.consts)
    if isinstance(value, str):
        return ("str", ("key", value)) if _KEY_STRING.fullmatch(value) else None
    if value is not None:
        return None
    if isinstance(node, ast.Name) and node.id in scope.bound:
        local = scope.bound[node.id]
        return "asset", ("ref", f"{scope.module}.{local.binding or node.id}")
    if isinstance(node, (ast.Name, ast.Attribute)):
        qualified = scope.qualname(node)
        if qualified is not None and qualified.partition(".")[0] not in DAGSTER_PACKAGES:
            return "asset", ("ref", qualified)
    return None


def schedule_fields(scope: Scope, call: ast.Call, fields: dict[str, object]) -> None:
    """`build_schedule_from_partitioned_job(...)`: the arguments that shape its cron
    (`partitioned`), and the details of a job written inline in it (`partitioned_job`).
    Nothing when one of those arguments is not static: the cron stays unresolved."""
    if any(isinstance(a, ast.Starred) for a in call.args):
        return
    if any(keyword.arg is None for keyword in call.keywords):
        return
    arguments = dict(zip(PARTITIONED_SCHEDULE_PARAMETERS, call.args))
    arguments.update((str(kw.arg), kw.value) for kw in call.keywords)
    found: list[tuple[str, Value]] = []
    for name in SCHEDULE_ARGUMENTS:
        node = arguments.get(name)
        if node is None or _is_none(node):
            continue
        value = evaluate(node, scope.consts)
        expected = str if name in ("cron_schedule", "execution_timezone") else int
        if value is None or type(value) is not expected:
            return
        found.append((name, value))
    fields["partitioned"] = tuple(found)
    job = arguments.get("job")
    callee = scope.dagster_name(job.func) if isinstance(job, ast.Call) else None
    if isinstance(job, ast.Call) and callee in ASSET_JOBS:
        inline: dict[str, object] = {}
        partitions_fields(scope, CALLS[str(callee)], job, callee, inline)
        fields["partitioned_job"] = Details(**cast("dict[str, Any]", inline))


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


# -- the listing side: the cron Dagster gives the schedule -------------------------------------
def partitioned_cron(model: LoadModel, details: Details) -> str | None:
    """The cron of a `build_schedule_from_partitioned_job` schedule (its details), as
    Dagster computes it; None when it cannot be known or Dagster refuses the schedule."""
    if details.partitioned is None:
        return None
    arguments: dict[str, object] = dict(details.partitioned)
    job = _job_details(model, details)
    if job is None:
        return None
    weekday, month_day = arguments.get("day_of_week"), arguments.get("day_of_month")
    if weekday and month_day:
        return None  # "Cannot provide both day_of_month and day_of_week parameter"
    overridden = any(arguments.get(name) is not None for name in OVERRIDES)
    cron, timezone = arguments.get("cron_schedule"), arguments.get("execution_timezone")
    if (cron or timezone) and overridden:
        return None
    partitions = _partitions_of(model, job.partitions, job.partitions_ref)
    if partitions is None:
        # `define_asset_job` without partitions_def: those its selected assets share.
        if job.selection is None or cron or timezone:
            return None
        partitions = _shared_partitions(model, job.selection)
        if partitions is None or _kind(partitions) == STATIC:
            return None  # not partitioned, or no time partitions to follow
    kind = _kind(partitions)
    if kind == STATIC:  # the schedule's own cron_schedule=, which Dagster requires then
        return cron if isinstance(cron, str) and cron else None
    if kind not in (TIME, MULTI) or cron or timezone:
        return None  # "Cannot provide cron_schedule or execution_timezone ..."
    own = _cron_of(partitions)
    if not own:
        return None  # a multi-partitions definition without exactly one time dimension
    return get_cron_schedule(own, *(_int(arguments.get(name)) for name in OVERRIDES))


def get_cron_schedule(
    cron: str,
    minute_of_hour: int | None = None,
    hour_of_day: int | None = None,
    day_of_week: int | None = None,
    day_of_month: int | None = None,
) -> str | None:
    """`TimeWindowPartitionsDefinition.get_cron_schedule`: the partitions' cron, or one of
    the same cadence with the given minute, hour or day; None where Dagster fails."""
    if minute_of_hour is None and hour_of_day is None and day_of_week is None and (
        day_of_month is None
    ):
        return cron
    cadence = next((name for name, pattern in _CADENCES if pattern.fullmatch(cron)), None)
    if cadence is None:
        return None  # "does not support minute_of_hour/hour_of_day/... arguments"
    fields = [int(field) if field.isdigit() else 0 for field in cron.split(" ")]
    minute = minute_of_hour if minute_of_hour is not None else fields[0]
    if cadence == "hourly":
        if hour_of_day is not None:
            return None  # "Cannot set hour parameter with hourly partitions."
        hour = 0
    else:
        hour = hour_of_day if hour_of_day is not None else fields[1]
    if cadence == "daily" and (day_of_week is not None or day_of_month is not None):
        return None  # "Cannot set day of week/month parameter with daily partitions."
    if cadence == "monthly":
        day = day_of_month if day_of_month is not None else fields[2] or 1
    elif cadence == "weekly":
        day = day_of_week if day_of_week is not None else fields[4] or 0
    else:
        day = 0
    return _cron(cadence, minute, hour, day)


def _int(value: object) -> int | None:
    return value if type(value) is int else None


def _job_details(model: LoadModel, details: Details) -> Details | None:
    if details.partitioned_job is not None:
        return details.partitioned_job
    if details.job_ref is None:
        return None
    found = model.resolver.qualified(details.job_ref)
    if found is None or found[1].category != JOB:
        return None
    return found[1].details


def _partitions_of(model: LoadModel, value: object, ref: str | None) -> Value | None:
    """A `partitions` / `partitions_ref` detail as a description; None: not partitioned."""
    if ref is not None:
        value = model.resolver.constant(ref)
        return value if is_description(value) else UNKNOWN_PARTITIONS
    if value is None:
        return None
    return value if is_description(value) else UNKNOWN_PARTITIONS


def _shared_partitions(model: LoadModel, selection: tuple[tuple[str, str], ...]) -> Value | None:
    """The partitions definition the selected assets share (Dagster's
    `_infer_and_validate_common_partitions_def`); None when none is partitioned."""
    found: set[Value] = set()
    for sort, name in selection:
        definition = _asset_named(model, name) if sort == "ref" else _asset_keyed(model, name)
        if definition is None or not definition.details.executable:
            return UNKNOWN_PARTITIONS  # not one asset the listing sees, or not executable
        details = definition.details
        partitions = _partitions_of(model, details.partitions, details.partitions_ref)
        if partitions is not None:
            if _kind(partitions) == UNKNOWN:
                return UNKNOWN_PARTITIONS
            found.add(partitions)
    if not found:
        return None
    # Different descriptions may still be equal for Dagster (or make it refuse the job).
    return found.pop() if len(found) == 1 else UNKNOWN_PARTITIONS


def _asset_named(model: LoadModel, qualified: str) -> Definition | None:
    found = model.resolver.qualified(qualified)
    if found is None or found[1].category != ASSET or not found[1].keys:
        return None
    return found[1]


def _asset_keyed(model: LoadModel, key: str) -> Definition | None:
    """The one certain asset definition that loads with this key."""
    found = {
        item.original: item.definition
        for item in model.items
        if item.certain and item.definition.category == ASSET
        and key in _keys(item.definition, item.copy.key_prefix if item.copy else ())
    }
    return next(iter(found.values())) if len(found) == 1 else None


def _keys(definition: Definition, prefix: Iterable[str]) -> tuple[str, ...]:
    per_key = definition.details.per_key
    keys = [key for key, _ in per_key] if per_key is not None else definition.keys
    parts = list(prefix)
    return tuple("/".join([*parts, key]) for key in keys) if parts else tuple(keys)
