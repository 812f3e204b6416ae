"""One region's settings, built on the shared ones."""

from shopkeys.common import BASE

PREFIX = BASE + "_eu"
GROUP = f"{BASE}_sales"
