"""A shop whose analytics folder is post-processed by its defs.yaml."""
