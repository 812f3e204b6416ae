import dagster as dg


@dg.asset
def plain_asset() -> None: ...


class TinyComponent(dg.Component):
    """Adds one asset at build time."""

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        @dg.asset
        def component_asset() -> None: ...

        return dg.Definitions(assets=[component_asset])


@dg.component_instance
def tiny(context: dg.ComponentLoadContext) -> dg.Component:
    return TinyComponent()
