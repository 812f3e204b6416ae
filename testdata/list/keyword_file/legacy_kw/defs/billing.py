import dagster as dg

INVOICE_PREFIX = ["billing"]


@dg.asset(key_prefix=INVOICE_PREFIX + ["eu"])
def invoices() -> None: ...


@dg.sensor(job_name="roster_job")
def roster_changed(context: dg.SensorEvaluationContext) -> None: ...
