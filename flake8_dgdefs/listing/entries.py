"""The entries of a listing, as `dg list defs` shows them, and their JSON.

Plain data: each entry has the fields of `dg list defs --json`, the `source` of the
definition, and what is `unresolved` about it (a value the scan could not compute, with
its place). `to_json` writes the shape of `dg list defs --json`. The records are named
tuples: `list` runs in a fresh process, where a dataclass costs its generated methods at
import (about 0.5 ms each, measured).
"""

from __future__ import annotations

from typing import Mapping, NamedTuple

DEFAULT_GROUP = "default"

#: The `--columns` of `dg list defs`, in its order.
COLUMNS = ("key", "group", "deps", "kinds", "description", "tags", "cron", "is_executable")
#: Its columns without `--columns`.
DEFAULT_COLUMNS = ("key", "group", "deps", "kinds", "description", "cron")
#: The sections that show each column (dg's `_supports_column`).
COLUMN_SECTIONS: Mapping[str, tuple[str, ...]] = {
    "key": ("asset", "asset_check", "job", "schedule", "sensor"),
    "group": ("asset",),
    "deps": ("asset", "asset_check"),
    "kinds": ("asset",),
    "description": ("asset", "asset_check", "job"),
    "tags": ("asset",),
    "cron": ("schedule",),
    "is_executable": ("asset",),
}


class Unresolved(NamedTuple):
    """A value the scan could not compute: which field, and where it is written."""

    field: str
    location: str  # path:line:col


class AssetEntry(NamedTuple):
    key: str | None  # None: the key itself is not known statically
    group: str | None  # None: unresolved
    deps: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    description: str | None = None
    executable: bool = True
    source: str | None = None  # path:line; None for the stubs Dagster creates for deps
    owners: tuple[str, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    unresolved: tuple[Unresolved, ...] = ()


class CheckEntry(NamedTuple):
    key: str | None
    asset_key: str | None
    name: str | None
    description: str | None = None
    source: str | None = None
    unresolved: tuple[Unresolved, ...] = ()
    additional_deps: tuple[str, ...] = ()  # besides the checked asset


class JobEntry(NamedTuple):
    name: str | None
    description: str | None = None
    source: str | None = None
    unresolved: tuple[Unresolved, ...] = ()


class ScheduleEntry(NamedTuple):
    name: str | None
    cron: str | None
    source: str | None = None
    unresolved: tuple[Unresolved, ...] = ()


class SensorEntry(NamedTuple):
    name: str | None
    source: str | None = None
    unresolved: tuple[Unresolved, ...] = ()


class ResourceEntry(NamedTuple):
    name: str
    type: str | None  # None: unresolved (a class the project does not define, or not known)
    source: str | None = None
    unresolved: tuple[Unresolved, ...] = ()


class LoaderReport(NamedTuple):
    """Which loader the listing assumed, and what it assumed it loads."""

    loader: str | None  # "load_defs", "load_from_defs_folder", None: no autoloader call
    loader_call: str | None  # module:line of the call
    defs_module: str | None
    target_module: str | None  # the code location target (the root module)
    walked: tuple[str, ...] = ()  # defs modules whose attributes are collected
    #: (module, labels of the definitions it contributes), for each walked module.
    contributed: tuple[tuple[str, tuple[str, ...]], ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()  # (module, why it is not loaded)
    hand_loaded: tuple[tuple[str, str], ...] = ()  # (what the root module names, resolved to)
    notes: tuple[str, ...] = ()


class Listing(NamedTuple):
    assets: tuple[AssetEntry, ...] = ()
    asset_checks: tuple[CheckEntry, ...] = ()
    jobs: tuple[JobEntry, ...] = ()
    schedules: tuple[ScheduleEntry, ...] = ()
    sensors: tuple[SensorEntry, ...] = ()
    resources: tuple[ResourceEntry, ...] = ()
    loader: LoaderReport = LoaderReport(None, None, None, None)
    problems: tuple[str, ...] = ()  # what would make Dagster refuse to load (duplicates, ...)
    #: Definitions that load but that the listing cannot see: built by a YAML component,
    #: or inside a Definitions object imported into a defs module. `field` is "definitions".
    unseen: tuple[Unresolved, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.assets or self.asset_checks or self.jobs or self.schedules or self.sensors)


# -- output as plain data ----------------------------------------------------------------------
def to_json(listing: Listing) -> dict[str, object]:
    """The listing in the shape of `dg list defs --json`, each entry with `source` and,
    when some value is not known statically, `unresolved: [{field, location}]`."""
    return {
        "assets": [_asset_json(e) for e in listing.assets],
        "asset_checks": [
            _with_extras(
                {
                    "key": e.key,
                    "asset_key": e.asset_key,
                    "name": e.name,
                    "additional_deps": sorted(
                        {*e.additional_deps, *([e.asset_key] if e.asset_key else [])}
                    ),
                    "description": e.description,
                },
                e.source,
                e.unresolved,
            )
            for e in listing.asset_checks
        ],
        "jobs": [
            _with_extras({"name": e.name, "description": e.description}, e.source, e.unresolved)
            for e in listing.jobs
        ],
        "resources": [
            _with_extras({"name": e.name, "type": e.type}, e.source, e.unresolved)
            for e in listing.resources
        ],
        "schedules": [
            _with_extras({"name": e.name, "cron_schedule": e.cron}, e.source, e.unresolved)
            for e in listing.schedules
        ],
        "sensors": [
            _with_extras({"name": e.name}, e.source, e.unresolved) for e in listing.sensors
        ],
        **(
            {"unresolved": [{"field": u.field, "location": u.location} for u in listing.unseen]}
            if listing.unseen
            else {}
        ),
    }


def _asset_json(entry: AssetEntry) -> dict[str, object]:
    data: dict[str, object] = {
        "asset_key": entry.key,
        "asset_key_parts": entry.key.split("/") if entry.key else None,
        "description": entry.description,
        "group_name": entry.group,
        "kinds": list(entry.kinds),
        "dependency_keys": list(entry.deps),
        "owners": [_owner_json(owner) for owner in entry.owners],
        "tags": [{"key": k, "value": v} for k, v in entry.tags] or None,
        "is_executable": entry.executable,
    }
    return _with_extras(data, entry.source, entry.unresolved)


def _owner_json(owner: str) -> dict[str, str]:
    return {"team": owner[len("team:"):]} if owner.startswith("team:") else {"email": owner}


def _with_extras(
    data: dict[str, object], source: str | None, unresolved: tuple[Unresolved, ...]
) -> dict[str, object]:
    # dg leaves out None values (`exclude_none`); unresolved values stay, as null.
    missing = {u.field for u in unresolved}
    cleaned = {k: v for k, v in data.items() if v is not None or k in missing}
    if source is not None:
        cleaned["source"] = source
    if unresolved:
        cleaned["unresolved"] = [{"field": u.field, "location": u.location} for u in unresolved]
    return cleaned
