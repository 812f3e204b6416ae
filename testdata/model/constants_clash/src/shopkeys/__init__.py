"""Shop pipelines whose keys come from settings modules."""
