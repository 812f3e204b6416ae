"""Values shared by the course's assets."""

TRIPS_TABLE = "trips"
ZONES_TABLE = "zones"
DAILY_CRON = "0 6 * * *"
