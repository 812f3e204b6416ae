import dagster as dg

from retail.constants import SALES_GROUP


@dg.asset(group_name=SALES_GROUP)
def raw_refunds() -> None: ...


refunds_job = dg.define_asset_job("refunds_job", selection=[raw_refunds])
