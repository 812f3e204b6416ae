"""The region comes from the environment: no value is certain before the process runs."""

import os

from shopkeys.common import BASE

if os.environ.get("SHOP_REGION") == "eu":
    PREFIX = BASE + "_eu"
else:
    PREFIX = BASE + "_us"
GROUP = f"{BASE}_sales"
