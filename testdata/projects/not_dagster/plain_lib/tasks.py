from plain_lib.registry import asset, job


@asset
def looks_like_an_asset() -> None: ...


@job(name="nightly")
def looks_like_a_job() -> None: ...
