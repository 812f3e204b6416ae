"""Shop pipelines."""
