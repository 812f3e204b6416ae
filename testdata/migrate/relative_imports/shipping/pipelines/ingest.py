import dagster as dg

from ..helpers import table_name  # one level deeper after the move
from . import settings
from .settings import BATCH_SIZE


@dg.asset
def raw_shipments() -> None:
    assert table_name("x") and settings.BATCH_SIZE == BATCH_SIZE


@dg.asset(deps=[raw_shipments])
def clean_shipments() -> None: ...
