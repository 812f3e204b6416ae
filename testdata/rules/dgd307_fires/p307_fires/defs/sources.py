import dagster as dg

crm_tables = (dg.AssetSpec("accounts"), dg.AssetSpec("contacts"))
by_system = {"erp": dg.AssetSpec("ledger_entries")}
nested = [[dg.AssetSpec("tickets")], [dg.AssetSpec("agents")]]
