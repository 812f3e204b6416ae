"""Project settings, shared by the factories and the definitions."""

PREFIX = "shop"
GROUP = "sales"
REGIONS = ("eu", "us")
