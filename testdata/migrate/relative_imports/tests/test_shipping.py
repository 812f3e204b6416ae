import shipping.reports
from shipping.pipelines import ingest
from shipping.pipelines.schedules import nightly_job


def test_imports() -> None:
    assert ingest.raw_shipments and nightly_job and shipping.reports.shipment_report
