def upstream_keys() -> list[str]:
    """Read from a catalog at run time, in the real project."""
    return ["raw_orders"]
