"""Not loaded by Dagster: imports moved code, relatively and absolutely."""

import shipping.pipelines.ingest
from . import reports as report_module
from .pipelines.settings import BATCH_SIZE


def main() -> None:
    print(BATCH_SIZE, report_module.shipment_report, shipping.pipelines.ingest.raw_shipments)
