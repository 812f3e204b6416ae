"""Settings of the storefront pipelines."""

PREFIX = "shop"
GROUP = "sales"
TABLES = ("orders", "refunds")
REGIONS = ["eu", "us"]
FINANCE_SUFFIX = "_finance"
