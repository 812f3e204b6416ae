"""A model built from the previous one (`LoadModel(edited, previous=...)`, loading.steps)
says exactly what a model built from scratch says: checked on generated projects with a
generated edit, on every testdata project with edits of each module, and by hand on the
one case replay exists for (a module that reads the edited one is walked again).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given

from flake8_dgdefs.checks import check_module
from flake8_dgdefs.listing import build_listing
from flake8_dgdefs.loading import LoadModel, model_of
from flake8_dgdefs.loading.steps import Reads, changed_modules
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap
from flake8_dgdefs.scan import scan_source
from flake8_dgdefs.session import build_map
from tests.helpers import TESTDATA
from tests.test_agreement import _projects, project_at
from tests.test_fuzz import (
    FUZZ, ROOT, Settings, _module, generated_project, module_source, project_settings,
    project_sources,
)


def _said(model: LoadModel) -> tuple[object, ...]:
    """Everything the model says: what the rules and `list` read."""
    return (
        model.items,
        model.walked,
        model.skipped,
        model.refused,
        model.unseen,
        model.contributed,
        model.hand_loaded,
        model.notes,
        model.resources,
        model.clashes,
        model.failures,
        model.incomplete,
    )


def _assert_same(edited: ProjectMap, previous: LoadModel) -> LoadModel:
    """The edited map's model from `previous` says what one from scratch says, and so do
    the rules of every module and the listing. Returns the replayed model."""
    replayed = LoadModel(edited, previous=previous)
    scratch = LoadModel(edited)
    assert _said(replayed) == _said(scratch)
    twin = replace(edited)  # another map object: model_of builds it from scratch
    model_of(edited, previous=previous)
    for name in edited.modules:
        assert check_module(edited, name) == check_module(twin, name), name
    assert build_listing(edited) == build_listing(twin)
    return replayed


def _edited(project: ProjectMap, name: str, source: str) -> ProjectMap:
    module = project.modules[name]
    scan = scan_source(source, name, module.is_package)
    return project.with_module(ModuleInfo(name, module.path, module.is_package, scan))


@FUZZ
@given(project_sources, module_source(), project_settings)
def test_generated_projects_replayed_after_a_generated_edit(
    sources: dict[str, str], edit: str, settings: Settings
) -> None:
    project = generated_project(sources, settings)
    previous = LoadModel(project, record=True)
    for name in sources:
        _assert_same(_edited(project, name, edit), previous)


#: Edits of a module's text, as typed in an editor (`{key}`: a key another module defines).
EDITS = (
    "{text}\nimport dagster as dg\n\n@dg.asset\ndef dgd_typed() -> None: ...\n",
    "{text}\nimport dagster as dg\n\n@dg.asset(name={key!r})\ndef dgd_same_key() -> None: ...\n",
    "",
    "{renamed}",
    "{text}\nfrom {other} import *\n",
)


def _edits(project: ProjectMap, model: LoadModel, name: str, text: str) -> list[str]:
    others = [m for m in project.modules if m != name]
    keys = [
        key for item in model.items if item.origin.name != name
        for key in item.definition.keys if "/" not in key
    ]
    renamed = text.replace("def ", "def dgd_renamed_", 1)
    return [
        edit.format(text=text, key=keys[0] if keys else "k", renamed=renamed,
                    other=others[0] if others else ROOT)
        for edit in EDITS
    ]


@pytest.mark.parametrize("folder", _projects(), ids=lambda p: str(p.relative_to(TESTDATA)))
def test_testdata_projects_replayed_after_edits_of_each_module(folder: Path) -> None:
    found = project_at(folder)
    project = build_map(found)
    previous = LoadModel(project, record=True)
    for name, module in sorted(project.modules.items()):
        text = (Path(found.package_dir) / module.path).read_text(encoding="utf-8")
        for source in _edits(project, previous, name, text):
            _assert_same(_edited(project, name, source), previous)


def _project(sources: dict[str, str]) -> ProjectMap:
    return ProjectMap.build(ROOT, f"{ROOT}.defs", [_module(n, s) for n, s in sources.items()])


SOURCES = {
    f"{ROOT}.definitions": (
        "import dagster as dg\ndefs = dg.load_from_defs_folder(project_root=__file__)\n"
    ),
    f"{ROOT}.defs.a": "import dagster as dg\n@dg.asset\ndef x(): ...\n",
    f"{ROOT}.defs.b": f"from {ROOT}.defs.a import x\n",
    f"{ROOT}.defs.c": "import dagster as dg\n@dg.asset\ndef z(): ...\n",
    f"{ROOT}.defs.d": "import dagster as dg\n@dg.asset\ndef w(): ...\n",
}


def test_only_the_edited_module_and_its_readers_are_walked_again() -> None:
    project = _project(SOURCES)
    previous = LoadModel(project, record=True)
    assert previous.steps is not None
    # b read a (and asked whether a.x is a submodule)
    assert previous.steps[f"{ROOT}.defs.b"].reads == {
        f"{ROOT}.defs.a", f"{ROOT}.defs.b", f"{ROOT}.defs.a.x"
    }
    # `x` renamed in a: b's import now reaches nothing, so b is walked again, not replayed.
    edited = _edited(project, f"{ROOT}.defs.a", "import dagster as dg\n@dg.asset\ndef y(): ...\n")
    replayed = _assert_same(edited, previous)
    assert replayed.replayed == 2  # c and d
    assert [item.definition.binding for item in replayed.items] == ["y", "z", "w"]
    # An edit of d alone: a, b and c replay.
    edited = _edited(project, f"{ROOT}.defs.d", "import dagster as dg\n@dg.asset\ndef x(): ...\n")
    replayed = _assert_same(edited, previous)
    assert replayed.replayed == 3
    assert len(replayed.clashes) == 1  # d's x is a's key


def test_nothing_replays_when_the_maps_differ_in_more_than_scans() -> None:
    project = _project(SOURCES)
    previous = LoadModel(project, record=True)
    assert changed_modules(project, project) == frozenset()
    fewer = _project({k: v for k, v in SOURCES.items() if not k.endswith(".d")})
    assert changed_modules(project, fewer) is None
    moved = replace(project, configured_defs_module=f"{ROOT}.other")
    assert changed_modules(project, moved) is None
    assert LoadModel(fewer, previous=previous).replayed == 0
    unrecorded = LoadModel(project)
    assert unrecorded.steps is None
    assert LoadModel(project, previous=unrecorded).replayed == 0


def test_a_step_that_lists_every_module_is_never_replayed() -> None:
    reads = Reads({"a": _module(f"{ROOT}.defs.a", "")})
    reads.start("b")
    assert "a" in reads and reads.get("c") is None
    assert reads.stop() == {"a", "b", "c"}
    reads.start("b")
    list(reads.values())
    assert reads.stop() is None
    assert reads.get("a") is not None  # not recording: nothing noted


@pytest.mark.parametrize(
    "project_name, module, asset, focused",
    [
        # Read by the code location's own imports (outside the defs walk): replayed.
        ("guide_before", "analytics/assets.py", "typed_asset", False),
        # A defs module: its model is focused on it (loading.focus); the asset's key is
        # analytics' too.
        ("guide_after", "defs/elt/assets.py", "my_analytics_asset", True),
    ],
)
def test_a_long_lived_session_models_each_buffer_from_the_disk_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, project_name: str, module: str,
    asset: str, focused: bool,
) -> None:
    """The server's Session (incremental) gives a buffer the findings a one-shot Session
    gives, from a model focused on the buffer when the disk model's summary can tell,
    else from a model that replayed the disk model's steps."""
    import ast
    import shutil

    import flake8_dgdefs.loading as loading
    from flake8_dgdefs.loading import focus
    from flake8_dgdefs.session import Session

    built: list[LoadModel] = []

    class Noted(LoadModel):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            built.append(self)

    class NotedFocus(focus.FocusedModel):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            built.append(self)

    monkeypatch.setattr(loading, "LoadModel", Noted)
    monkeypatch.setattr(focus, "FocusedModel", NotedFocus)
    project = tmp_path / project_name
    shutil.copytree(TESTDATA / project_name, project)
    path = project / "my_existing_project" / module
    buffer = path.read_text() + f"\n\n@dg.asset(name={asset!r})\ndef edited() -> None: ...\n"
    server = Session(incremental=True)
    for text in (buffer, buffer + "\n\n@dg.asset\ndef typed_again() -> None: ...\n"):
        expected = Session().lint(str(path), ast.parse(text))
        assert asset in " ".join(v.message for v in expected)
        built.clear()
        assert server.lint(str(path), ast.parse(text)) == expected
        last = built[-1]  # the buffer's model, built last
        assert isinstance(last, NotedFocus) == focused
        assert focused or last.replayed > 0


def test_a_successor_session_takes_unchanged_modules_and_replays_the_model(
    tmp_path: Path,
) -> None:
    """After an edit on disk, the server's next Session gives the findings a new Session
    gives, from the earlier map's modules of unchanged files and a replayed model."""
    import os
    import shutil

    from flake8_dgdefs.cache import CacheSettings
    from flake8_dgdefs.session import Session
    from tests.helpers import HOUR_AGO

    project = tmp_path / "guide_before"
    shutil.copytree(TESTDATA / "guide_before", project)
    files = sorted(project.rglob("*.py"))
    for path in files:
        os.utime(path, (HOUR_AGO, HOUR_AGO))
    edited = next(path for path in files if path.name == "assets.py")
    cache = CacheSettings(enabled=True, directory=str(tmp_path / "cache"))
    first = Session(cache=cache, incremental=True)
    before = {str(path): first.lint(str(path)) for path in files}
    found = first.project_for(str(edited))
    assert found is not None
    old_map = first.maps[found]

    edited.write_text(edited.read_text() + "\n\n@dg.asset\ndef saved_asset() -> None: ...\n")
    os.utime(edited, (HOUR_AGO + 60, HOUR_AGO + 60))
    second = first.successor()
    after = {str(path): second.lint(str(path)) for path in files}
    assert after == {str(path): Session().lint(str(path)) for path in files}
    assert after != before  # the edit shows
    new_map = second.maps[found]
    taken = [name for name, module in new_map.modules.items()
             if old_map.modules.get(name) is module]
    assert len(taken) == len(new_map.modules) - 1  # all but the edited module
    assert model_of(new_map).replayed > 0
    assert second.earlier == {}  # taken, then dropped
