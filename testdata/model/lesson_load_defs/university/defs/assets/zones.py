import dagster as dg

from university import settings


@dg.asset(name=settings.ZONES_TABLE)
def taxi_zones() -> None: ...
