"""A model focused on the edited module (loading.focus) gives that module the findings the
whole model gives, or says it cannot (Unfocused): checked on every testdata project with
edits of each module, on generated projects with a generated edit, and by hand.
"""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
from hypothesis import given

from flake8_dgdefs.checks import check_module
from flake8_dgdefs.loading import LoadModel
from flake8_dgdefs.loading.focus import Summary, Unfocused, check_focused, summarize
from flake8_dgdefs.project_map import ProjectMap
from flake8_dgdefs.session import build_map
from tests.helpers import TESTDATA
from tests.test_agreement import _projects, project_at
from tests.test_fuzz import (
    FUZZ, ROOT, Settings, generated_project, module_source, project_settings, project_sources,
)
from tests.test_model_steps import SOURCES, _edited, _edits, _project


def _summary(project: ProjectMap) -> Summary:
    model = LoadModel(project, record=True)
    for name in project.modules:  # as a run that lints every file asks, before summing up
        check_module(project, name)
    found = summarize(model)
    assert found is not None
    # As a focused run reads it: stored with marshal, its large mappings in buckets.
    stored = Summary.from_plain(marshal.loads(marshal.dumps(found.plain())))
    assert stored is not None
    assert dict(stored.readers) == found.readers and dict(stored.keys) == found.keys
    return stored


def _focused(project: ProjectMap, summary: Summary, edited: ProjectMap, name: str) -> bool:
    """Whether the focused model answered; when it does, its findings are the whole
    model's."""
    try:
        found = check_focused(edited, summary, name, project.modules[name])
    except Unfocused:
        return False
    assert found == check_module(edited, name), name
    return True


def _edits_of(folder: Path) -> tuple[int, int]:
    """Five edits of each module of a testdata project, each checked (`_focused`): how
    many the focused model answered, of how many."""
    found = project_at(folder)
    project = build_map(found)
    summary = _summary(project)
    model = LoadModel(project)
    answered = asked = 0
    for name, module in sorted(project.modules.items()):
        text = (Path(found.package_dir) / module.path).read_text(encoding="utf-8")
        for source in _edits(project, model, name, text):
            asked += 1
            answered += _focused(project, summary, _edited(project, name, source), name)
    return answered, asked


@pytest.mark.parametrize("folder", _projects(), ids=lambda p: str(p.relative_to(TESTDATA)))
def test_testdata_projects_focused_after_edits_of_each_module(folder: Path) -> None:
    _edits_of(folder)


def test_most_testdata_edits_are_focused() -> None:
    """Not a test that cannot fail: the focused model answers most edits."""
    answered = asked = 0
    for folder in _projects():
        try:
            counts = _edits_of(folder)
        except pytest.skip.Exception:
            continue
        answered, asked = answered + counts[0], asked + counts[1]
    assert answered > asked / 3, (answered, asked)


@FUZZ
@given(project_sources, module_source(), project_settings)
def test_generated_projects_focused_after_a_generated_edit(
    sources: dict[str, str], edit: str, settings: Settings
) -> None:
    project = generated_project(sources, settings)
    summary = _summary(project)
    for name in sources:
        _focused(project, summary, _edited(project, name, edit), name)


def _edit(sources: dict[str, str], name: str, source: str) -> tuple[bool, list[str]]:
    """Whether the focused model answered the edit of `name` in the project of `sources`,
    and the whole model's findings there (the focused ones, when it answered)."""
    project = _project(sources)
    edited = _edited(project, name, source)
    answered = _focused(project, _summary(project), edited, name)
    return answered, [v.message for v in check_module(edited, name)]


def test_a_module_read_only_outside_the_walk_is_not_focused() -> None:
    """A schedule's job is looked up after the walk (its module is read by no step): a
    new name for the job there clashes with a job of defs, at the job."""
    jobs = f"{ROOT}.lib.jobs"
    sources = {
        **SOURCES,
        f"{ROOT}.lib.__init__": "",
        jobs: "import dagster as dg\nnightly = dg.define_asset_job('nightly')\n",
        f"{ROOT}.defs.s": (
            f"import dagster as dg\nimport {jobs}\n"
            f"daily = dg.ScheduleDefinition(job={jobs}.nightly, cron_schedule='@daily')\n"
        ),
        f"{ROOT}.defs.e": "import dagster as dg\netl = dg.define_asset_job('etl')\n",
    }
    answered, found = _edit(
        sources, jobs, "import dagster as dg\nnightly = dg.define_asset_job('etl')\n"
    )
    assert not answered
    assert any("DGD402" in message for message in found)


def test_a_reason_resting_on_the_edited_module_is_not_taken() -> None:
    """The model was incomplete because of the edited module only: the edit makes it
    complete, and the input nothing produces is a failure again."""
    name = f"{ROOT}.defs.c"
    sources = {
        **SOURCES,
        name: (
            "import dagster as dg\nimport somelib\nfeed = somelib.make()\n"
            "@dg.asset\ndef z(nowhere): ...\n"
        ),
    }
    answered, found = _edit(sources, name, "import dagster as dg\n@dg.asset\ndef z(nowhere): ...\n")
    assert not answered
    assert any("DGD405" in message for message in found)
    # An edit elsewhere keeps the reason: the focused model answers (no failure claimed).
    answered, found = _edit(
        sources, f"{ROOT}.defs.d", "import dagster as dg\n@dg.asset\ndef q(): ...\n"
    )
    assert answered and found == []


def test_the_focused_model_walks_the_edited_module_and_the_holders_of_its_keys() -> None:
    from flake8_dgdefs.loading.focus import FocusedModel

    project = _project(SOURCES)
    summary = _summary(project)
    walked: list[list[str]] = []

    class Noted(FocusedModel):
        def _walk(self) -> None:
            super()._walk()
            walked.append([module.name for module in self.walked])

    import flake8_dgdefs.loading.focus as focus

    original = focus.FocusedModel
    focus.FocusedModel = Noted  # type: ignore[misc]
    try:
        source = "import dagster as dg\n@dg.asset\ndef z(): ...\n"
        edited = _edited(project, f"{ROOT}.defs.d", source)
        assert _focused(project, summary, edited, f"{ROOT}.defs.d")
    finally:
        focus.FocusedModel = original  # type: ignore[misc]
    # d alone, then d and c, which gives the key z too (the clash is reported in d)
    assert walked == [[f"{ROOT}.defs.d"], [f"{ROOT}.defs.c", f"{ROOT}.defs.d"]]
    assert "DGD401" in check_module(edited, f"{ROOT}.defs.d")[0].message


# -- end to end: real flake8, an editor's buffers ------------------------------------------
@pytest.mark.parametrize("name", ["guide_elt_moved_still_loaded", "guide_after"])
def test_editor_buffers_get_the_whole_model_s_lines_from_the_summary(
    tmp_path: Path, name: str
) -> None:
    """After a run over the tree (it stores the summary of its model), each buffer of each
    module, linted as an editor does, gets the lines a run without any cache prints; the
    buffers the summary answers build no map (DGDEFS_STATS records none)."""
    from tests.helpers import copy_dated
    from tests.test_server import environment, flake8

    project = copy_dated(TESTDATA / name, tmp_path / name)
    cache = f"--dg-cache-dir={tmp_path / 'cache'}"
    assert flake8(project, cache, ".") == flake8(project, "--dg-no-cache", ".")
    assert list((tmp_path / "cache").glob("model-*.marshal"))
    stats = tmp_path / "stats.jsonl"
    answered = 0
    for path in sorted(project.rglob("*.py")):
        display = str(path.relative_to(project))
        text = path.read_text()
        keys = ["my_analytics_asset", "orders_table"]
        for buffer in (
            f"{text}\nimport dagster as dg\n\n@dg.asset\ndef typed_now() -> None: ...\n",
            f"{text}\nimport dagster as dg\n\n@dg.asset(name={keys[0]!r})\ndef a() -> None: ...\n",
            f"{text}\nimport dagster as dg\n\n@dg.asset(name={keys[1]!r})\ndef b() -> None: ...\n",
            "",
        ):
            editor = ["--stdin-display-name", display, "-"]
            expected = flake8(project, "--dg-no-cache", *editor, stdin=buffer)
            stats.unlink(missing_ok=True)
            env = environment(DGDEFS_STATS=str(stats))
            assert flake8(project, cache, *editor, stdin=buffer, env=env) == expected, display
            answered += not stats.exists()
            # The answer is stored: the same buffer again is the index's.
            assert flake8(project, cache, *editor, stdin=buffer, env=env) == expected, display
    assert answered >= 8, answered


def test_a_damaged_or_stale_summary_means_a_whole_model(tmp_path: Path) -> None:
    """A damaged summary file, or a scan cache rewritten since the summary was stored
    (its scans may lie elsewhere), is not read: the run builds the whole model and prints
    the same lines, without a traceback."""
    from tests.helpers import copy_dated
    from tests.test_server import environment, flake8

    project = copy_dated(TESTDATA / "guide_after", tmp_path / "guide_after")
    cache = tmp_path / "cache"
    flake8(project, f"--dg-cache-dir={cache}", ".")
    display = "my_existing_project/defs/elt/assets.py"
    text = (project / display).read_text()
    editor = ["--stdin-display-name", display, "-"]
    buffers = (f"{text}\n@dg.asset(name='my_analytics_asset')\ndef n{i}() -> None: ...\n"
               for i in range(10))
    summary = next(cache.glob("model-*.marshal"))
    good = summary.read_bytes()
    scans = next(cache.glob("scans-*.marshal"))
    header, tree, entries = marshal.loads(good)
    stored = entries["model"]
    for damage in (
        lambda: summary.write_bytes(good[: len(good) // 2]),
        lambda: summary.write_bytes(marshal.dumps({"model": 1})),
        lambda: summary.write_bytes(marshal.dumps((header, tree, {"model": (1, 2, 3, 4)}))),
        lambda: summary.write_bytes(  # its buckets of where the scans lie, damaged
            marshal.dumps((header, tree, {"model": (*stored[:2], (b"x",), stored[3])}))
        ),
        lambda: scans.write_bytes(scans.read_bytes()),  # the same bytes, another file
    ):
        damage()
        buffer = next(buffers)
        expected = flake8(project, "--dg-no-cache", *editor, stdin=buffer)
        assert any("DGD401" in line for line in expected)
        stats = tmp_path / "stats.jsonl"
        stats.unlink(missing_ok=True)
        env = environment(DGDEFS_STATS=str(stats))
        assert flake8(project, f"--dg-cache-dir={cache}", *editor, stdin=buffer,
                      env=env) == expected
        assert stats.exists()  # the whole model was built
        summary.write_bytes(good)


def test_a_saved_buffer_is_answered_from_the_summary_until_another_file_changes(
    tmp_path: Path,
) -> None:
    """Right after a save, the editor's run on the saved file gets the whole model's lines
    from the summary stored before the save (the file's disk text does not matter to its
    buffer's answer), without building a map; once another file changed, it builds one."""
    from tests.helpers import copy_dated
    from tests.test_server import environment, flake8

    project = copy_dated(TESTDATA / "guide_after", tmp_path / "guide_after")
    cache = f"--dg-cache-dir={tmp_path / 'cache'}"
    flake8(project, cache, ".")  # stores the summary
    stats = tmp_path / "stats.jsonl"
    env = environment(DGDEFS_STATS=str(stats))
    display = "my_existing_project/defs/elt/assets.py"
    saved = project / display
    editor = ["--stdin-display-name", display, "-"]
    key = "@dg.asset(name='my_analytics_asset')\ndef clash() -> None: ...\n"
    saved.write_text(f"{saved.read_text()}\n{key}")  # saved now: too recent to trust
    for buffer in (saved.read_text(), f"{saved.read_text()}\n# typing\n"):
        expected = flake8(project, "--dg-no-cache", *editor, stdin=buffer)
        assert "my_analytics_asset" in "".join(expected)
        assert flake8(project, cache, *editor, stdin=buffer, env=env) == expected
        assert not stats.exists()  # no map was built
    other = project / "my_existing_project/defs/analytics/assets.py"
    other.write_text(other.read_text().replace("my_analytics_asset", "renamed_asset"))
    buffer = saved.read_text()
    expected = flake8(project, "--dg-no-cache", *editor, stdin=buffer)
    assert "my_analytics_asset" not in "".join(expected)  # the clash is gone
    assert flake8(project, cache, *editor, stdin=buffer, env=env) == expected
    assert stats.exists()  # the whole model
