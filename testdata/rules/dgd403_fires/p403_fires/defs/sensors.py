import dagster as dg


@dg.sensor(job_name="orders_job")
def orders_job_schedule() -> None: ...
