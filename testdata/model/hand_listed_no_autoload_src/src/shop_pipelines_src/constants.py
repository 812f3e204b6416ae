SOURCE_SYSTEM = "shopify"
HOURLY = "0 * * * *"
NIGHTLY = "30 2 * * *"
