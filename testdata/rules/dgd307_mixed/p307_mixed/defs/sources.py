import dagster as dg

SOURCE_SYSTEM = "crm"
crm = [dg.AssetSpec("accounts"), dg.AssetSpec("contacts"), SOURCE_SYSTEM]
