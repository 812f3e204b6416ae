"""The plugin and `flake8-dgdefs list` keep a scan cache in each project's folder by
default: every test run keeps it out of testdata/ (tests of the cache's place set their own)."""

from __future__ import annotations

import os

from tests.helpers import TEST_CACHE

os.environ.setdefault("DGDEFS_CACHE_DIR", str(TEST_CACHE))
