"""Project settings, shared by the factories and the code location."""

PREFIX = "shop"
GROUP = "sales"
OWNER = "team:finance"
SHEETS = ("budget", "forecast")
NIGHTLY_CRON = "0 3 * * *"
