PREFIX = "ship"


def table_name(name: str) -> str:
    return f"{PREFIX}_{name}"
