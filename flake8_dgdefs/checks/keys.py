"""How Dagster spells keys in its error messages."""

from __future__ import annotations


def asset_key(key: str) -> str:
    """`shop/orders` -> `AssetKey(['shop', 'orders'])`."""
    return "AssetKey([" + ", ".join(repr(part) for part in key.split("/")) + "])"


def check_key(key: str) -> str:
    """`orders:not_empty` -> `AssetCheckKey(asset_key=AssetKey(['orders']), name='not_empty')`."""
    asset, _, name = key.rpartition(":")
    return f"AssetCheckKey(asset_key={asset_key(asset)}, name={name!r})"
