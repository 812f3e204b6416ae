"""Dagster's API as flake8-dgdefs reads it: the one table of what Dagster calls are.

`CONSTRUCTS` holds every decorator and call that makes a loadable object: its namespace,
the word messages use for it, how its name is found, and how its details are read. The
scan, the load model and `list` read this module; no other module names a Dagster
function. Names are as `scan.dagster_name` spells them (`asset`, `Definitions.merge`);
integrations are keyed by their qualified name (`dagster_dbt.dbt_assets`).
"""

from __future__ import annotations

from dataclasses import dataclass

from flake8_dgdefs.model import ASSET, ASSET_CHECK, JOB, RELOADED, SCHEDULE_OR_SENSOR

#: Modules whose public names are Dagster's own (the legacy package included).
DAGSTER_PACKAGES = frozenset({"dagster", "dagster_components"})

# How a construct's name (or key) is found.
#: The decorated function's name, or `name=`.
FUNCTION = "function"
#: An asset key: `key=`, else `key_prefix=` + `name=` or the function's name.
ASSET_KEY = "asset key"
#: Several asset keys: `outs={...}` or `specs=[...]`.
OUTS = "outs"
#: `@asset_check`: `<asset key>:<name>`.
CHECK = "check"
#: `@multi_asset_check`: `specs=[AssetCheckSpec(...)]`.
CHECK_SPECS = "check specs"
#: `AssetSpec("key")`: `key=` or the first positional argument.
SPEC_KEY = "spec key"
#: `name=` or the first positional argument.
FIRST_ARGUMENT = "first argument"
#: `name=` or the first positional argument, else `<job>_schedule` from `job=` / `job_name=`.
SCHEDULE_NAME = "schedule name"
#: `name=`, else `<job>_schedule` from the partitioned job (keyword or first argument).
PARTITIONED_SCHEDULE_NAME = "partitioned schedule name"
#: `name=` only.
NAME_ARGUMENT = "name argument"
#: Not named by the call: `load_*_from_*` lists, check builders.
UNNAMED = "unnamed"


@dataclass(frozen=True)
class Construct:
    """One Dagster decorator or call that makes loadable objects."""

    category: str  # ASSET, ASSET_CHECK, JOB or SCHEDULE_OR_SENSOR: the namespace of its names
    kind: str  # `Definition.kind`: the word messages use
    naming: str  # how its name is found (the constants above)
    decorator: bool = False
    default_name: str | None = None  # the name Dagster gives when `name=` is left out
    copies: bool = False  # builds new objects from other modules' (`load_*_from_*`)
    reads_inputs: bool = True  # its function's parameters are upstream assets
    check_name: str | None = None  # the fixed name of the checks a builder makes

    @property
    def multi(self) -> bool:
        return self.naming == OUTS


def _decorators(*rows: tuple[str, str, str]) -> dict[str, Construct]:
    """Decorators: a decorator's kind is its own name (`multi_asset 'orders'`)."""
    return {
        name: Construct(category, name, naming, decorator=True, reads_inputs=reads)
        for name, category, naming in rows
        for reads in [name not in ("observable_source_asset", "multi_observable_source_asset")]
    }


def _reloaded(category: str) -> Construct:
    word = "asset checks" if category == ASSET_CHECK else "assets"
    return Construct(category, f"{RELOADED} {word}", UNNAMED, copies=True)


#: Decorators that turn a module-level function into a loadable object.
DECORATORS: dict[str, Construct] = _decorators(
    ("asset", ASSET, ASSET_KEY),
    ("multi_asset", ASSET, OUTS),
    ("graph_asset", ASSET, ASSET_KEY),
    ("graph_multi_asset", ASSET, OUTS),
    ("observable_source_asset", ASSET, ASSET_KEY),  # parameters are not inputs (above)
    ("multi_observable_source_asset", ASSET, OUTS),
    ("asset_check", ASSET_CHECK, CHECK),
    ("multi_asset_check", ASSET_CHECK, CHECK_SPECS),
    ("job", JOB, FUNCTION),
    ("schedule", SCHEDULE_OR_SENSOR, FUNCTION),
    ("sensor", SCHEDULE_OR_SENSOR, FUNCTION),
    ("asset_sensor", SCHEDULE_OR_SENSOR, FUNCTION),
    ("multi_asset_sensor", SCHEDULE_OR_SENSOR, FUNCTION),
    ("run_status_sensor", SCHEDULE_OR_SENSOR, FUNCTION),
    ("run_failure_sensor", SCHEDULE_OR_SENSOR, FUNCTION),
)

#: Calls whose result is a loadable object (or a list of them).
CALLS: dict[str, Construct] = {
    "AssetSpec": Construct(ASSET, "asset spec", SPEC_KEY),
    "SourceAsset": Construct(ASSET, "source asset", SPEC_KEY),
    "AssetsDefinition": Construct(ASSET, "asset", NAME_ARGUMENT),
    "AssetsDefinition.from_graph": Construct(ASSET, "asset", NAME_ARGUMENT),
    "AssetsDefinition.from_op": Construct(ASSET, "asset", NAME_ARGUMENT),
    "map_asset_specs": Construct(ASSET, "asset list", NAME_ARGUMENT),
    "load_assets_from_modules": _reloaded(ASSET),
    "load_assets_from_current_module": _reloaded(ASSET),
    "load_assets_from_package_module": _reloaded(ASSET),
    "load_assets_from_package_name": _reloaded(ASSET),
    "define_asset_job": Construct(JOB, "job", FIRST_ARGUMENT),
    "GraphDefinition.to_job": Construct(JOB, "job", NAME_ARGUMENT),
    "ScheduleDefinition": Construct(SCHEDULE_OR_SENSOR, "schedule", SCHEDULE_NAME),
    "build_schedule_from_partitioned_job": Construct(
        SCHEDULE_OR_SENSOR, "schedule", PARTITIONED_SCHEDULE_NAME
    ),
    "SensorDefinition": Construct(SCHEDULE_OR_SENSOR, "sensor", FIRST_ARGUMENT),
    "AutomationConditionSensorDefinition": Construct(
        SCHEDULE_OR_SENSOR, "sensor", FIRST_ARGUMENT
    ),
    "build_sensor_for_freshness_checks": Construct(
        SCHEDULE_OR_SENSOR, "sensor", NAME_ARGUMENT, default_name="freshness_checks_sensor"
    ),
    "make_email_on_run_failure_sensor": Construct(SCHEDULE_OR_SENSOR, "sensor", NAME_ARGUMENT),
    "build_last_update_freshness_checks": Construct(
        ASSET_CHECK, "asset check list", NAME_ARGUMENT, check_name="freshness_check"
    ),
    "build_time_partition_freshness_checks": Construct(
        ASSET_CHECK, "asset check list", NAME_ARGUMENT, check_name="freshness_check"
    ),
    "build_column_schema_change_checks": Construct(
        ASSET_CHECK, "asset check list", NAME_ARGUMENT, check_name="column_schema_change"
    ),
    "build_metadata_bounds_checks": Construct(ASSET_CHECK, "asset check list", NAME_ARGUMENT),
    "load_asset_checks_from_modules": _reloaded(ASSET_CHECK),
    "load_asset_checks_from_current_module": _reloaded(ASSET_CHECK),
    "load_asset_checks_from_package_module": _reloaded(ASSET_CHECK),
    "load_asset_checks_from_package_name": _reloaded(ASSET_CHECK),
}

#: Loadable objects from Dagster's integration packages, by qualified name.
INTEGRATIONS: dict[str, Construct] = {
    "dagster_dbt.dbt_assets": DECORATORS["multi_asset"],
    "dagster_sling.sling_assets": DECORATORS["multi_asset"],
    "dagster_dlt.dlt_assets": DECORATORS["multi_asset"],
    "dagster_slack.make_slack_on_run_failure_sensor": CALLS["make_email_on_run_failure_sensor"],
}

#: Dagster's partitions definition classes, as the cron of a partitioned schedule reads them
#: (scan/partitions.py): (cadence, positional parameters in order). The cadence is what the
#: class's cron is built from: "hourly", "daily", "weekly", "monthly"; "cron" for
#: `TimeWindowPartitionsDefinition` (its `cron_schedule=` or `schedule_type=`); "static",
#: "multi" and "dynamic" have no cron of their own.
PARTITIONS_DEFINITIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "HourlyPartitionsDefinition": (
        "hourly",
        ("start_date", "end_date", "minute_offset", "timezone", "fmt", "end_offset", "exclusions"),
    ),
    "DailyPartitionsDefinition": (
        "daily",
        (
            "start_date", "end_date", "minute_offset", "hour_offset", "timezone", "fmt",
            "end_offset", "exclusions",
        ),
    ),
    "WeeklyPartitionsDefinition": (
        "weekly",
        (
            "start_date", "end_date", "minute_offset", "hour_offset", "day_offset", "timezone",
            "fmt", "end_offset", "exclusions",
        ),
    ),
    "MonthlyPartitionsDefinition": (
        "monthly",
        (
            "start_date", "end_date", "minute_offset", "hour_offset", "day_offset", "timezone",
            "fmt", "end_offset", "exclusions",
        ),
    ),
    "TimeWindowPartitionsDefinition": (
        "cron",
        (
            "start", "fmt", "end", "schedule_type", "timezone", "end_offset", "minute_offset",
            "hour_offset", "day_offset", "cron_schedule", "exclusions",
        ),
    ),
    "StaticPartitionsDefinition": ("static", ("partition_keys",)),
    "MultiPartitionsDefinition": ("multi", ("partitions_defs",)),
    "DynamicPartitionsDefinition": ("dynamic", ("partition_fn", "name")),
}

#: `ScheduleType` members (`TimeWindowPartitionsDefinition(schedule_type=...)`): cadences.
SCHEDULE_TYPES = {
    "ScheduleType.HOURLY": "hourly",
    "ScheduleType.DAILY": "daily",
    "ScheduleType.WEEKLY": "weekly",
    "ScheduleType.MONTHLY": "monthly",
}

#: The parameters of `build_schedule_from_partitioned_job`, in order.
PARTITIONED_SCHEDULE_PARAMETERS = (
    "job", "description", "name", "minute_of_hour", "hour_of_day", "day_of_week",
    "day_of_month", "default_status", "tags", "cron_schedule", "execution_timezone",
)

#: The kinds of schedules (the rest of their namespace are sensors).
SCHEDULE_KINDS = frozenset(
    construct.kind
    for construct in (*DECORATORS.values(), *CALLS.values())
    if construct.category == SCHEDULE_OR_SENSOR and "schedule" in construct.kind
)

#: Calls that build NEW definitions from other modules (each loads those modules again).
COPYING_LOADERS = frozenset(name for name, construct in CALLS.items() if construct.copies)

#: Hand loaders that only gather the same objects into a `Definitions`.
GATHERING_LOADERS = frozenset(
    {
        "load_definitions_from_module",
        "load_definitions_from_modules",
        "load_definitions_from_package_module",
        "load_definitions_from_package_name",
    }
)

#: Dagster's autoloader, current and legacy.
AUTOLOADERS = frozenset({"load_defs", "load_from_defs_folder"})

#: Calls whose result is a `Definitions` object.
DEFINITIONS_MAKERS = frozenset(
    {
        "Definitions",
        "Definitions.merge",
        *AUTOLOADERS,
        "load_definitions_from_current_module",
        *GATHERING_LOADERS,
    }
)

#: Calls that pass definitions through, as new objects (code references attached).
#: Copies each asset of its iterable with a function's changes (keys never change).
MAPPER = "map_asset_specs"
#: What its function may change of each spec (names of `Definition.details`).
MAPPED_DETAILS = ("group", "description", "kinds", "owners", "tags")

REBUILDING_WRAPPERS = frozenset(
    {
        "with_source_code_references",
        "link_code_references_to_git",
        "link_code_references_to_git_if_cloud",
    }
)

#: Calls that make an unresolved asset job (Dagster names their duplicates differently).
ASSET_JOBS = frozenset({"define_asset_job"})

#: `Definitions(...)` arguments that list definitions.
LISTING_ARGUMENTS = ("assets", "asset_checks", "jobs", "schedules", "sensors")

#: Parameter names that Dagster passes itself, never an upstream asset.
NOT_INPUTS = frozenset({"context", "_context", "_", "config"})

#: Dagster objects (not calls) that are IO managers or resources.
RESOURCE_OBJECTS = {"fs_io_manager": "IO manager", "mem_io_manager": "IO manager"}
#: Dagster decorators that make a resource definition.
RESOURCE_DECORATORS = {"resource": "resource", "io_manager": "IO manager"}
#: Dagster base classes whose subclasses are resources.
RESOURCE_BASES = frozenset({"ConfigurableResourceFactory", "ResourceDefinition"})

#: YAML component types the defs walk knows (the last part of `type:`): the one whose
#: folder's Python files are still loaded, and the one that loads the Definitions object
#: of one file of its folder.
FOLDER_COMPONENT = "DefsFolderComponent"
DEFINITIONS_COMPONENT = "DefinitionsComponent"


def resource_kind(qualified: str) -> str | None:
    """`IO manager` / `resource` for a Dagster (or integration) resource class or factory."""
    head, _, rest = qualified.partition(".")
    if not head.startswith("dagster") or not rest:
        return None
    last = rest.split(".")[-1]
    if "IOManager" in last:
        return "IO manager"
    if last.endswith("Resource") or rest.startswith("ResourceDefinition"):
        return "resource"
    return None


#: Annotations of asset parameters that are plain data, never a resource: builtins, and
#: the modules of the data libraries (an input annotated `pd.DataFrame`).
PLAIN_TYPES = frozenset(
    {"str", "int", "float", "bool", "bytes", "dict", "list", "tuple", "set", "object", "None"}
)
PLAIN_TYPE_MODULES = frozenset(
    {
        "typing", "collections", "datetime", "decimal", "pathlib", "builtins",
        "pandas", "polars", "pyarrow", "numpy", "pyspark", "duckdb",
    }
)
