REPORTING_GROUP = "reporting"
