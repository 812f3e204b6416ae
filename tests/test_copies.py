"""What a `load_assets_from_modules(...)` call that is not bound to a name gives its copies:
the group and key prefix it was written with, or, when they are not known values, nothing
guessed (the keys and groups of its copies stay unresolved). In memory."""

from __future__ import annotations

import textwrap

import pytest

from flake8_dgdefs.listing import build_listing
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap
from flake8_dgdefs.scan import scan_source


def _listing(loader: str) -> list[tuple[str | None, str | None]]:
    sources = {
        "shop.definitions": f"""
            import os
            import dagster as dg
            from shop import sales

            defs = dg.Definitions(assets=[*{loader}])
        """,
        "shop.sales": "import dagster as dg\n@dg.asset\ndef revenue(): ...\n",
    }
    modules = {
        name: ModuleInfo(
            name, name.replace(".", "/") + ".py", False, scan_source(textwrap.dedent(text), name)
        )
        for name, text in sources.items()
    }
    project = ProjectMap.build("shop", "shop.defs", modules.values())
    return [(a.key, a.group) for a in build_listing(project).assets]


@pytest.mark.parametrize(
    "loader, listed",
    [
        ("dg.load_assets_from_modules([sales])", [("revenue", "default")]),
        ('dg.load_assets_from_modules([sales], group_name="finance")', [("revenue", "finance")]),
        ('dg.load_assets_from_modules([sales], key_prefix=["eu"])', [("eu/revenue", "default")]),
        ('dg.load_assets_from_modules([sales], group_name=os.environ["G"])', [("revenue", None)]),
        ('dg.load_assets_from_modules([sales], key_prefix=os.environ["P"])', [(None, "default")]),
    ],
)
def test_an_unbound_copying_call_gives_its_group_and_prefix_or_leaves_them_unresolved(
    loader: str, listed: list[tuple[str | None, str | None]]
) -> None:
    assert _listing(loader) == listed
