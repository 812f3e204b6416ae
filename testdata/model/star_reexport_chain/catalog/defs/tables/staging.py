import dagster as dg

from catalog.config import STAGING_PREFIX

from .raw import raw_orders, raw_products


@dg.asset(name=f"{STAGING_PREFIX}_orders", deps=[raw_orders])
def orders() -> None: ...


@dg.asset(name=f"{STAGING_PREFIX}_products", deps=[raw_products])
def products() -> None: ...
