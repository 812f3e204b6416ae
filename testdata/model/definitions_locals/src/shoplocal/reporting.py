"""Reports kept outside defs; the code location passes them by hand."""

import dagster as dg


@dg.asset(group_name="reporting", kinds={"python"})
def weekly_report() -> None:
    """The weekly revenue report."""
