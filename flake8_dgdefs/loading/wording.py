"""How Dagster words the errors a clash makes it raise (the rules quote them)."""

from __future__ import annotations

from flake8_dgdefs.api import SCHEDULE_KINDS
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
