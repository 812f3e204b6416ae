import dagster as dg

from .helpers import PREFIX
from .pipelines.ingest import clean_shipments


@dg.asset(deps=[clean_shipments])
def shipment_report() -> None:
    assert PREFIX
