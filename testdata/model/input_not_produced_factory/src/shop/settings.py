RAW_GROUP = "staging"
TABLES = ("orders", "refunds")
