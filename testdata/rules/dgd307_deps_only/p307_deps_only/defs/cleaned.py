import dagster as dg

UPSTREAM = (dg.AssetSpec("raw_accounts"), dg.AssetSpec("raw_contacts"))


@dg.asset(deps=UPSTREAM)
def cleaned_accounts() -> None: ...
