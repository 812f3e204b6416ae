BASE = "shop"
