import dagster as dg

from .constants import SOURCE_SYSTEM


@dg.asset(key_prefix=SOURCE_SYSTEM)
def orders() -> None: ...


@dg.asset(key_prefix=SOURCE_SYSTEM)
def customers() -> None: ...


@dg.asset(deps=[orders, customers])
def customer_lifetime_value() -> None: ...
