"""Edge cases: keyword-only and defaulted parameters, AssetDep, AssetKey strings, SourceAsset,
check additional_deps, a description=None that leaves the docstring."""

import dagster as dg

PREFIX = "edge"


@dg.asset(key_prefix="a", name="b")
def named() -> None: ...


@dg.asset
def upstream() -> None: ...


@dg.asset
def kwonly(*, upstream: int) -> None: ...


@dg.asset
def defaulted(upstream: int = 0) -> None: ...


@dg.asset(deps=[dg.AssetDep("upstream"), dg.AssetDep(named)])
def with_asset_deps() -> None: ...


spec = dg.AssetSpec(key=dg.AssetKey("keyed_spec"), deps=[dg.AssetKey(["a", "b"])])
source = dg.SourceAsset(key="old_source", description="legacy")


@dg.asset_check(asset=dg.AssetKey(["a", "b"]), additional_deps=[upstream])
def b_check() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


edge_job = dg.define_asset_job(name=PREFIX + "_job", selection=[upstream])


@dg.asset(description=None)
def no_description() -> None:
    """Docstring wins when description is None?"""


@dg.asset_check(asset="checked_elsewhere")
def orphan_check() -> dg.AssetCheckResult:
    """A check on a key nothing defines: Dagster adds a stub asset for it."""
    return dg.AssetCheckResult(passed=True)
