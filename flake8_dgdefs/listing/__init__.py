"""What `dg list defs` would print, computed from the project map alone.

Presentation only: what loads is the load model's answer (flake8_dgdefs.loading). `build`
turns the model into a listing, `collect` makes the entries of each loaded object,
`entries` holds them and writes the JSON of `dg list defs --json`. Values the scan could
not compute stay unresolved, with their place; nothing is guessed.
"""

from flake8_dgdefs.listing.build import build_listing
from flake8_dgdefs.listing.entries import (
    COLUMN_SECTIONS,
    COLUMNS,
    DEFAULT_COLUMNS,
    DEFAULT_GROUP,
    AssetEntry,
    CheckEntry,
    JobEntry,
    Listing,
    LoaderReport,
    ResourceEntry,
    ScheduleEntry,
    SensorEntry,
    Unresolved,
    to_json,
)

__all__ = [
    "COLUMN_SECTIONS", "COLUMNS", "DEFAULT_COLUMNS", "DEFAULT_GROUP", "AssetEntry",
    "CheckEntry", "JobEntry", "Listing", "LoaderReport", "ResourceEntry", "ScheduleEntry",
    "SensorEntry", "Unresolved", "build_listing", "to_json",
]
