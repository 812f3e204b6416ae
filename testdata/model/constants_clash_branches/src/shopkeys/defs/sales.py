import dagster as dg

from shopkeys import settings


@dg.asset(key_prefix=settings.PREFIX, group_name=settings.GROUP)
def revenue() -> None: ...
