"""Folders that look post-processed but are not, or not in a way read statically."""
