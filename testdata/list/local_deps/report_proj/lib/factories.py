import dagster as dg

from report_proj.lib.sources import upstream_keys

#: The module's own list of specs: not what a report below depends on.
upstream = [dg.AssetSpec("decoy")]


def make_report(name: str) -> dg.AssetSpec:
    upstream = upstream_keys()
    return dg.AssetSpec(name, group_name="reports", deps=upstream)
