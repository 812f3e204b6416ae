import dagster as dg

from billing.settings import BILLING_GROUP


@dg.asset(group_name=BILLING_GROUP, deps=["customer_accounts"])
def invoices() -> None: ...


@dg.asset(group_name=BILLING_GROUP)
def credit_notes() -> None: ...


credit_notes_job = dg.define_asset_job("credit_notes_job", selection=[credit_notes])
