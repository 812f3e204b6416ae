"""How Dagster words the errors a clash or a load failure makes it raise (the rules quote
them, `list` too)."""

from __future__ import annotations

import json

from flake8_dgdefs.api import SCHEDULE_KINDS
from flake8_dgdefs.loading.deps import INPUT_NOT_PRODUCED, LoadFailure
from flake8_dgdefs.loading.load import Clash
from flake8_dgdefs.model import ASSET, ASSET_CHECK, JOB


def asset_key(key: str) -> str:
    """`shop/orders` -> `AssetKey(['shop', 'orders'])`."""
    return "AssetKey([" + ", ".join(repr(part) for part in key.split("/")) + "])"


def check_key(key: str) -> str:
    """`orders:not_empty` -> `AssetCheckKey(asset_key=AssetKey(['orders']), name='not_empty')`."""
    asset, _, name = key.rpartition(":")
    return f"AssetCheckKey(asset_key={asset_key(asset)}, name={name!r})"


def clash_error(clash: Clash) -> str:
    """Dagster's message; within one module its module loader speaks first."""
    later, earlier, key = clash.later, clash.earlier, clash.key
    same_module = later.via == earlier.via and later.copy is None and earlier.copy is None
    if clash.category == ASSET:
        if same_module or (later.copy is not None and later.copy.module.name == later.origin.name):
            return f"Asset key {key} is defined multiple times"
        return f"Duplicate asset key: {asset_key(key)}"
    if clash.category == ASSET_CHECK:
        return f"Duplicate asset check key: {check_key(key)}"
    if clash.category == JOB:
        if same_module:
            return f"Job name {key} is defined multiple times"
        if later.definition.binding in later.origin.scan.loading.asset_jobs:
            return f"Duplicate definition found for unresolved job '{key}'"
        return f"Duplicate job definition found for job '{key}'"
    if same_module and later.definition.kind == earlier.definition.kind:
        noun = "Schedule" if later.definition.kind in SCHEDULE_KINDS else "Sensor"
        return f"{noun} name {key} is defined multiple times"
    return f"Duplicate definition found for {key}"


def input_error(key: str) -> str:
    """`resolve_assets_def_deps`'s error (dagster/_core/definitions/resolved_asset_deps.py);
    Dagster may add ` Did you mean one of the following?` and similar keys."""
    return (
        f"Input asset \"{json.dumps(key.split('/'))}\" is not produced by any of the provided"
        " asset ops and is not one of the provided sources."
    )


def selection_error(job: str) -> str:
    """`Failed to resolve asset job` (repository_data_builder.py)."""
    return f"Failed to resolve asset job {job}"


def selection_cause(missing: tuple[str, ...]) -> str:
    """The error it wraps (asset_selection.py). Of several missing keys, Dagster names the
    first it tries, in an order the code does not always fix: then no key is quoted."""
    if len(missing) != 1:
        return "AssetKey(s) [...] were selected, but no AssetsDefinition objects supply these keys"
    return (
        f"AssetKey(s) [{missing[0]!r}] were selected, but no AssetsDefinition objects supply"
        " these keys"
    )


def failure_error(failure: LoadFailure) -> str:
    """Dagster's message for a load failure of the model (`list` says it)."""
    if failure.kind == INPUT_NOT_PRODUCED:
        return input_error(failure.missing[0])
    return f"{selection_error(failure.name)}: {selection_cause(failure.missing)}"
