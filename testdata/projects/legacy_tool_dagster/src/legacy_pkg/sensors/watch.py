import dagster


@dagster.sensor(job_name="refresh_job")
def watch_bucket() -> None: ...


@dagster.job
def refresh_job() -> None: ...
