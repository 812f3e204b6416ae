"""Shop pipelines with their resources."""
