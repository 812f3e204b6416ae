"""Shop pipelines, half-way through the move into defs/."""
