import dagster as dg


class StaticAssets(dg.Component, dg.Model, dg.Resolvable):
    """Asset specs named in YAML."""

    names: list[str]

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        return dg.Definitions(assets=[dg.AssetSpec(name) for name in self.names])
