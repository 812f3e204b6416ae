"""`python -m flake8_dgdefs list [PATH]`: the same as the `flake8-dgdefs` command."""

from __future__ import annotations

import sys

from flake8_dgdefs.cli import main

sys.exit(main())
