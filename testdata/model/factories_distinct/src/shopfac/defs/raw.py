from shopfac.lib.factories import raw_table

TABLES = ("orders", "customers")

raw_tables = [raw_table(name) for name in TABLES]
raw_payments = raw_table("payments", owner="team:finance")
