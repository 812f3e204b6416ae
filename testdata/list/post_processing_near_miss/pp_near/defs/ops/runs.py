import dagster as dg


@dg.asset(group_name="runs", kinds={"python"})
def run_log() -> None: ...


@dg.asset(group_name="runs", deps=[run_log])
def run_stats() -> None: ...


runs_job = dg.define_asset_job("runs_job", selection=[run_log, run_stats])
runs_schedule = dg.build_schedule_from_partitioned_job(runs_job)
