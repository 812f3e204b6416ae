"""The backfill's region comes from the environment: which key it gets is not known."""

import os

from shopfac.lib import factories

extra_backfill = factories.region_orders(os.environ.get("EXTRA_REGION", "apac"), "backfill")
