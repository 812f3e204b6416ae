import dagster as dg


class EchoComponent(dg.Component):
    """Builds one asset when the tree is built."""

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        @dg.asset
        def built_by_component() -> None: ...

        return dg.Definitions(assets=[built_by_component])


@dg.component_instance
def load(context: dg.ComponentLoadContext) -> dg.Component:
    return EchoComponent()
