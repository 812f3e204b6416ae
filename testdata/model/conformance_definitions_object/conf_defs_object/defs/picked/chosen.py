import dagster as dg

from .first import first_pick
from .second import second_pick


@dg.asset
def left_out_here() -> None: ...


defs = dg.Definitions(assets=[first_pick, second_pick])
