import dagster as dg


@dg.asset
def from_keyword_file() -> None: ...
