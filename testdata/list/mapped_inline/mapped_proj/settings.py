SHEETS_GROUP = "sheets"
