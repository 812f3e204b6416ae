import dagster as dg

from meters.defs import partitions as parts
from meters.defs.readings import nightly


@dg.asset(partitions_def=nightly)
def nightly_rollup() -> None: ...


@dg.asset(partitions_def=parts.weekly_sunday)
def weekly_rollup() -> None: ...


@dg.asset(partitions_def=parts.monthly_first)
def monthly_rollup() -> None: ...


rollup_job = dg.define_asset_job(
    name="rollup_job", selection=[nightly_rollup], partitions_def=nightly
)
