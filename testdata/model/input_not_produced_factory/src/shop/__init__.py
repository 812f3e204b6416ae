"""Shop pipelines: raw tables built by a factory."""
