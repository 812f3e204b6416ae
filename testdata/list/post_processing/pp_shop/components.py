"""A component of the project: its assets are built from YAML, not seen statically."""

from dataclasses import dataclass

import dagster as dg


@dataclass
class StaticAssets(dg.Component, dg.Resolvable):
    keys: list[str]

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        return dg.Definitions(assets=[dg.AssetSpec(key, group_name="static") for key in self.keys])
