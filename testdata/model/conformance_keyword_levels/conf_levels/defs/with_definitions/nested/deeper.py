import dagster as dg


@dg.asset
def below_keyword_file() -> None: ...
