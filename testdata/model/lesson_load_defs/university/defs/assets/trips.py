import dagster as dg

from university.settings import TRIPS_TABLE


@dg.asset(name=TRIPS_TABLE)
def taxi_trips() -> None:
    """Raw trips, loaded from the city's open data portal."""


@dg.asset(deps=[taxi_trips])
def trips_by_week() -> None: ...
