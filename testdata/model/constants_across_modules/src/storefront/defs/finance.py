import dagster as dg

import storefront.settings as cfg
from storefront.settings import FINANCE_SUFFIX, PREFIX, REGIONS, TABLES


@dg.asset(name="%s_margin" % PREFIX, group_name=cfg.GROUP + FINANCE_SUFFIX)
def margin() -> None: ...


@dg.asset(key=[PREFIX, TABLES[1], "{}_summary".format(REGIONS[0])])
def refund_summary() -> None: ...
