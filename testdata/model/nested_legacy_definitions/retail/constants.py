SALES_GROUP = "sales"
REGIONS = ["emea", "amer"]
