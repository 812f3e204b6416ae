import dagster as dg

crm_tables = [dg.AssetSpec("accounts"), dg.AssetSpec("contacts")]
ledger_entries = dg.AssetSpec("ledger_entries")
by_system = {"erp": ledger_entries}
