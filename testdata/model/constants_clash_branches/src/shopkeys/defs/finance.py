import dagster as dg


@dg.asset(key=["shop_eu", "revenue"])
def finance_revenue() -> None: ...
