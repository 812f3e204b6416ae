"""Bad input never crashes the linter: real flake8 (and `flake8-dgdefs list`) over a corpus.

testdata/bad_input/project is one Dagster project whose modules are broken or odd in every
way the corpus lists (syntax errors, half-typed code, latin-1, BOM, CRLF, NUL bytes, an
empty file, odd decorators, shadowed names, star imports, import cycles) next to good
modules. What cannot live in git (symlink loops, a dangling symlink, unreadable files, the
5 MB module, 5,000-deep nesting) is generated here into a copy of it.

The promise checked everywhere: flake8 keeps running, each broken thing gives at most one
line (flake8's own E902 / E999, or one `flake8-dgdefs: <file>: <reason>` warning), every
other file still gets exactly its DGD lines, and no traceback is printed.
"""

from __future__ import annotations

import ast
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from flake8_dgdefs.scan import scan_source
from tests.helpers import TESTDATA, run_flake8

BAD = TESTDATA / "bad_input"
SELECT = "DGD,E902,E999"
DEFS = "bad_project.defs"
NOBODY = 65534
#: In a traceback, a frame of the package (not a folder like an unpacked sdist's
#: `flake8_dgdefs-0.1.0/`, which holds flake8's own frames there).
OUR_FRAMES = "flake8_dgdefs" + os.sep


def dgd101(path: str, line: int, name: str, prefix: str = "./") -> str:
    return (
        f"{prefix}{path}:{line}:1: DGD101 asset '{name}' is outside the defs package {DEFS}"
        f" and will not be autoloaded; move {path} under bad_project/defs/"
    )


#: The DGD lines of the committed project, run from its folder on ".".
GOOD = [
    "./bad_project/definitions.py:5:1: DGD201 bad_project.legacy.assets is imported by hand"
    " beside load_from_defs_folder, but its definitions (asset 'legacy_orders') are outside"
    " the defs package bad_project.defs; move bad_project/legacy/assets.py under"
    " bad_project/defs/ and drop this import",
    dgd101("bad_project/legacy/assets.py", 6, "legacy_orders"),
    dgd101("bad_project/legacy/bom.py", 6, "bom_asset"),
    dgd101("bad_project/legacy/crlf.py", 6, "crlf_asset"),
    dgd101("bad_project/legacy/cycle_x.py", 8, "cycle_x_asset"),
    dgd101("bad_project/legacy/cycle_y.py", 8, "cycle_y_asset"),
    dgd101("bad_project/legacy/latin1.py", 9, "latin1_asset"),
    dgd101("bad_project/legacy/odd_decorators.py", 22, "real_asset"),
    dgd101("bad_project/legacy/shadowing.py", 8, "before_shadowing"),
    dgd101("bad_project/legacy/star_import.py", 8, "star_asset"),
]

NUL_BYTES = "bad_project/legacy/nul_bytes.py"


def _nul_is_a_syntax_error() -> bool:
    """Python 3.11.4+ raises SyntaxError on NUL bytes; older ones raise ValueError, which
    flake8 (7.x) does not catch: it then fails with its own traceback, before any plugin."""
    try:
        ast.parse("\0")
    except SyntaxError:
        return True
    except ValueError:
        return False
    return True  # pragma: no cover


FLAKE8_READS_NUL = _nul_is_a_syntax_error()

#: Files flake8 itself cannot parse: one E999 each, and no DGD line.
UNPARSABLE = [
    "bad_project/defs/half_typed.py",
    "bad_project/defs/syntax_error.py",
    *([NUL_BYTES] if FLAKE8_READS_NUL else []),
]

#: The 5 MB module: data, then one asset on its last lines.
GENERATED_ROW = '    "' + "x" * 990 + '"\n'
GENERATED_ROWS = 5_000_000 // len(GENERATED_ROW) + 1
GENERATED_ASSET_LINE = 5 + GENERATED_ROWS + 4
DEPTH = 5_000


class Report:
    """One flake8 run: stdout lines split into DGD lines and the rest, stderr lines."""

    def __init__(self, result: subprocess.CompletedProcess[str]) -> None:
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode in (0, 1), result.stderr
        lines = sorted(result.stdout.splitlines())
        self.dgd = [line for line in lines if ": DGD" in line]
        self.other = [line for line in lines if ": DGD" not in line]
        self.stderr = result.stderr.splitlines()

    def assert_broken(self, expected: dict[str, str], prefix: str = "./") -> None:
        """Exactly one line, with the given flake8 code, for each broken file; nothing else."""
        found = {line.split(":", 1)[0]: line for line in self.other}
        assert len(found) == len(self.other), self.other  # one line per file
        assert sorted(found) == sorted(prefix + path for path in expected), self.other
        for path, code in expected.items():
            assert f" {code} " in found[prefix + path], found[prefix + path]


def lint(*args: str, cwd: Path) -> Report:
    return Report(run_flake8(*args, cwd=cwd, select=SELECT))


def copy_project(destination: Path, name: str = "project", keep_nul: bool = False) -> Path:
    """A copy of a corpus project; without nul_bytes.py where flake8 fails on it by itself."""
    target = destination / name
    ignore = shutil.ignore_patterns(".dgdefs_cache", "__pycache__")
    shutil.copytree(BAD / name, target, symlinks=True, ignore=ignore)
    if name == "project" and not (FLAKE8_READS_NUL or keep_nul):
        (target / NUL_BYTES).unlink()  # see test_nul_bytes
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def add_generated_cases(root: Path) -> None:
    """The cases git cannot hold, written into a copy of the project."""
    legacy = root / "bad_project" / "legacy"
    (legacy / "loop").symlink_to("..", target_is_directory=True)  # bad_project/legacy/loop/...
    (legacy / "self_loop.py").symlink_to("self_loop.py")  # ELOOP when opened
    (legacy / "dangling.py").symlink_to("no_such_module.py")
    (legacy / "generated.py").write_text(
        '"""Generated: 5 MB of embedded data, then an asset."""\n\nimport dagster as dg\n\n'
        "DATA = (\n" + GENERATED_ROW * GENERATED_ROWS + ")\n\n\n"
        "@dg.asset\ndef generated_asset() -> None: ...\n"
    )
    (legacy / "deep_parens.py").write_text("x = " + "(" * DEPTH + "1" + ")" * DEPTH + "\n")
    (legacy / "deep_unary.py").write_text(deep_unary())


def deep_unary() -> str:
    return "import dagster as dg\n\nx = " + "-" * DEPTH + "1\n"


GENERATED_DGD = dgd101("bad_project/legacy/generated.py", GENERATED_ASSET_LINE, "generated_asset")
GENERATED_BROKEN = {
    "bad_project/legacy/self_loop.py": "E902",
    "bad_project/legacy/dangling.py": "E902",
    "bad_project/legacy/deep_parens.py": "E999",
}


# -- the committed corpus ------------------------------------------------------------------
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_tree_good_files_keep_their_results(project: Path, jobs: str) -> None:
    report = lint(f"--jobs={jobs}", ".", cwd=project)
    assert report.dgd == sorted(GOOD)
    report.assert_broken({path: "E999" for path in UNPARSABLE})
    assert report.stderr == []


def test_each_file_alone_gives_the_same_lines(project: Path) -> None:
    """pre-commit and editors lint one file at a time: same lines as for the whole tree."""
    files = sorted(
        path.relative_to(project).as_posix() for path in project.rglob("*.py")
    )
    report = lint("--jobs=1", *files, cwd=project)
    assert report.dgd == sorted(line.removeprefix("./") for line in GOOD)
    report.assert_broken({path: "E999" for path in UNPARSABLE}, prefix="")


@pytest.mark.parametrize("path", UNPARSABLE)
def test_broken_buffer_on_stdin(project: Path, path: str) -> None:
    """An editor sends the broken buffer: E999 only, no warning, no traceback."""
    source = (project / path).read_bytes().decode("utf-8", "replace")
    result = run_flake8(
        f"--stdin-display-name={path}", "-", cwd=project, stdin=source, select=SELECT
    )
    report = Report(result)
    assert report.dgd == []
    report.assert_broken({path: "E999"}, prefix="")


def test_nul_bytes(tmp_path: Path) -> None:
    """E999 from flake8 where this Python reports NUL bytes as a syntax error; elsewhere
    flake8 fails by itself (no frame of ours in its traceback). The map skips the module."""
    root = copy_project(tmp_path, keep_nul=True)
    scan = scan_source((root / NUL_BYTES).read_bytes(), "bad_project.legacy.nul_bytes")
    assert scan.error is not None
    result = run_flake8("--jobs=1", NUL_BYTES, cwd=root, select=SELECT)
    assert OUR_FRAMES not in result.stderr, result.stderr
    if FLAKE8_READS_NUL:
        Report(result).assert_broken({NUL_BYTES: "E999"}, prefix="")
    others = lint("--jobs=1", "bad_project/legacy/assets.py", cwd=root)
    assert others.dgd == [GOOD[1].removeprefix("./")]


def test_half_typed_buffer_of_a_good_module(project: Path) -> None:
    """Typing a new decorator in a good module: E999 for the buffer, the others unaffected."""
    path = "bad_project/legacy/assets.py"
    source = (project / path).read_text() + "\n\n@dg.asset(\n"
    report = Report(
        run_flake8(f"--stdin-display-name={path}", "-", cwd=project, stdin=source, select=SELECT)
    )
    assert report.dgd == []
    report.assert_broken({path: "E999"}, prefix="")
    others = lint("--jobs=1", "bad_project/definitions.py", cwd=project)
    assert others.dgd == [GOOD[0].removeprefix("./")]


# -- generated cases -----------------------------------------------------------------------
def test_symlinks_huge_and_deep_modules(project: Path) -> None:
    add_generated_cases(project)
    # flake8 itself cannot parse deep_unary.py (see below); the plugin's map still scans it.
    report = lint("--jobs=2", "--extend-exclude=deep_unary.py", ".", cwd=project)
    assert report.dgd == sorted([*GOOD, GENERATED_DGD])
    report.assert_broken({**{path: "E999" for path in UNPARSABLE}, **GENERATED_BROKEN})
    assert report.stderr == []


def test_deep_nesting_is_flake8s_limit_not_ours(project: Path) -> None:
    """5,000 nested unary minus: the scan says why it skips the module; flake8 may fail itself.

    CPython's `ast.parse` raises RecursionError on it, and flake8 (which parses every file
    before any plugin runs) lets that escape as its own traceback. No frame of ours is in it.
    """
    scan = scan_source(deep_unary(), "bad_project.legacy.deep_unary")
    assert scan.definitions == ()  # an error on CPython <= 3.12; newer ones may parse it
    path = project / "bad_project" / "legacy" / "deep_unary.py"
    path.write_text(deep_unary())
    result = run_flake8("--jobs=1", "bad_project/legacy/deep_unary.py", cwd=project, select=SELECT)
    assert OUR_FRAMES not in result.stderr, result.stderr
    assert ": DGD" not in result.stdout


def test_scan_of_generated_cases() -> None:
    """The scan itself, on every generated text: an error or a result, never an exception.

    How deep CPython's parser goes depends on its version; the tokenizer's limits (200
    nested brackets, 100 indentation levels) are the same everywhere."""
    big = scan_source(
        "import dagster as dg\nDATA = (\n" + GENERATED_ROW * GENERATED_ROWS + ")\n"
        "@dg.asset\ndef a() -> None: ...\n",
        "m",
    )
    assert big.error is None and [d.name for d in big.definitions] == ["a"]
    for source in (
        "x = " + "(" * DEPTH + "1" + ")" * DEPTH,
        "".join(" " * i + "if 1:\n" for i in range(DEPTH)),
    ):
        assert scan_source(source, "m").error is not None
    for source in (
        "x = " + "lambda: " * DEPTH + "1",
        "import dagster as dg\n@dg.asset" + "()" * DEPTH + "\ndef f(): ...\n",
        "import dagster as dg\n@dg" + ".a" * DEPTH + "\ndef f(): ...\n",
        "import dagster as dg\nN = " + "+".join(['"a"'] * DEPTH) + "\n@dg.asset(name=N)\n"
        "def f(): ...\n",
    ):
        scan = scan_source(source, "m")
        assert scan.error is not None or len(scan.definitions) <= 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifos_and_devices_in_the_tree_are_skipped(project: Path) -> None:
    """A FIFO (or a link to /dev/zero) named like a module or a component file: reading it
    would block or never end, so the map leaves it out. flake8 itself would block on a FIFO
    it is asked to lint, so only good files are linted here, with a timeout."""
    legacy = project / "bad_project" / "legacy"
    os.mkfifo(legacy / "fifo.py")
    os.mkfifo(project / "bad_project" / "defs" / "defs.yaml")
    if Path("/dev/zero").exists():
        (legacy / "zero.py").symlink_to("/dev/zero")
        (legacy / "defs.yaml").symlink_to("/dev/zero")
    files = ["bad_project/definitions.py", "bad_project/legacy/assets.py"]
    report = lint("--jobs=1", *files, cwd=project)
    assert report.dgd == sorted(line.removeprefix("./") for line in GOOD[:2])
    assert report.other == [] and report.stderr == []
    for path in UNPARSABLE:
        (project / path).unlink()
    result = run_list(project)
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr


# -- unreadable files and folders ----------------------------------------------------------
@pytest.fixture
def shared_copy() -> Iterator[Path]:
    """A copy of the project that another user can read (tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="dgdefs-bad-input-"))
    folder.chmod(0o755)
    try:
        root = copy_project(folder)
        (root / NUL_BYTES).unlink(missing_ok=True)  # `nobody` may run another Python
        yield root
    finally:
        for path in [folder, *folder.rglob("*")]:
            if not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


def _run_as_nobody_works() -> bool:
    probe = [sys.executable, "-c", "import flake8, flake8_dgdefs"]
    return subprocess.run(_as_nobody(probe), capture_output=True, check=False).returncode == 0


def _as_nobody(command: list[str]) -> list[str]:
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]


def test_unreadable_file_and_folder(shared_copy: Path) -> None:
    """chmod 000: flake8 reports E902 for the file and skips the folder, as it does alone.

    The plugin's map skips both: the file's definitions are unknown, so nothing is claimed
    about it. Root reads through chmod 000, so as root the run drops to user `nobody`.
    """
    if os.geteuid() == 0 and not (shutil.which("setpriv") and _run_as_nobody_works()):
        pytest.skip(
            "running as root, and user nobody cannot run the plugin here (no setpriv, or a"
            " checkout nobody may read): chmod 000 cannot stop root's reads"
        )
    legacy = shared_copy / "bad_project" / "legacy"
    (legacy / "unreadable.py").write_text("import dagster as dg\n\n@dg.asset\ndef u(): ...\n")
    (legacy / "unreadable.py").chmod(0)
    locked = legacy / "locked"
    locked.mkdir()
    (locked / "__init__.py").write_text("")
    (locked / "hidden.py").write_text("import dagster as dg\n\n@dg.asset\ndef h(): ...\n")
    locked.chmod(0)
    command = [sys.executable, "-m", "flake8", "--isolated", f"--select={SELECT}", "--jobs=1", "."]
    if os.geteuid() == 0:
        command = _as_nobody(command)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run(
        command, cwd=shared_copy, capture_output=True, text=True, env=env, timeout=300, check=False
    )
    report = Report(result)
    assert report.dgd == sorted(GOOD)
    unparsable = {path: "E999" for path in UNPARSABLE if path != NUL_BYTES}
    report.assert_broken({**unparsable, "bad_project/legacy/unreadable.py": "E902"})
    assert report.stderr == []
    assert stat.S_IMODE(locked.stat().st_mode) == 0
    # `list` cannot know what the unreadable module defines: it says so in one line.
    for path in UNPARSABLE:
        if (shared_copy / path).exists():
            (shared_copy / path).unlink()
    command = [sys.executable, "-m", "flake8_dgdefs", "list", "."]
    if os.geteuid() == 0:
        command = _as_nobody(command)
    result = subprocess.run(
        command, cwd=shared_copy, capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "flake8-dgdefs: bad_project/legacy/unreadable.py: cannot be read (Permission denied)"
    ]


# -- broken project settings ----------------------------------------------------------------
#: case -> (code, reason): the reason is a prefix where the TOML parser words it.
CONFIG_CASES = {
    "config_not_toml": ("DGD001", "not valid TOML (Expected ']' at the end of a table declaration"),
    "config_wrong_types": ("DGD001", "root_module must be a dotted module name, not 3"),
    "config_missing_defs": (
        "DGD003",
        "defs_module 'cfg_project.no_such_defs' is not a package of the project"
        " (no cfg_project/no_such_defs/ or cfg_project/no_such_defs.py)",
    ),
}
SKIPPED = "; Dagster checks skipped for this project"

#: More broken `pyproject.toml` tables, written into a copy of config_wrong_types.
MORE_CONFIGS = {
    "[tool]\ndg = 3\n": "[tool.dg] must be a table",
    "tool = 1\n": "[tool] must be a table",
    "[tool.dg]\nproject = 3\n": "[project] must be a table",
    "[tool.dg]\ndirectory_type = 3\n": "directory_type 3 is not a project",
    '[tool.dg.project]\nroot_module = "cfg_project"\ndefs_module = ["x"]\n': (
        "defs_module must be a dotted module name, not ['x']"
    ),
    '[tool.dg.project]\nroot_module = "cfg project"\n': (
        "root_module must be a dotted module name, not 'cfg project'"
    ),
    "[tool.dg.project]\n": "[project] root_module is missing",
    "[tool.dagster]\nmodule_name = 3\n": "[tool.dagster] names no module",
    b"\xff\xfe[tool.dg]\n".decode("latin-1"): "cannot be read ('utf-8' codec can't decode",
    "[tool.deep]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n": (
        "not valid TOML (nested too deeply)"
    ),
}

#: Settings naming a module the project does not have: DGD003.
MISSING_MODULES = {
    '[tool.dg.project]\nroot_module = "cfg_projekt"\n': (
        "root_module 'cfg_projekt' is not a package of the project"
        " (no cfg_projekt/ or cfg_projekt.py)"
    ),
    '[tool.dagster]\nmodule_name = "cfg_projekt.definitions"\n': (
        "root_module 'cfg_projekt' is not a package of the project"
        " (no cfg_projekt/ or cfg_projekt.py)"
    ),
}


def assert_one_error(report: Report, file: str, code: str, source: str, reason: str) -> None:
    """Exactly one DGD line, on line 1 of `file`; nothing else, nothing on stderr."""
    assert report.other == [] and report.stderr == [], (report.other, report.stderr)
    assert len(report.dgd) == 1, report.dgd
    assert report.dgd[0].startswith(f"{file}:1:1: {code} {source}: {reason}"), report.dgd
    assert report.dgd[0].endswith(SKIPPED), report.dgd


@pytest.mark.parametrize("case", sorted(CONFIG_CASES))
def test_broken_config_is_one_error(tmp_path: Path, case: str) -> None:
    root = copy_project(tmp_path, case)
    result = run_flake8("--jobs=1", ".", cwd=root, select=SELECT)
    assert result.returncode == 1, result.stderr
    code, reason = CONFIG_CASES[case]
    assert_one_error(Report(result), "./cfg_project/__init__.py", code, "pyproject.toml", reason)


BAD_OPTIONS = {
    "--dg-root-module=1abc": "--dg-root-module: must be a dotted module name, not '1abc'",
    "--dg-defs-module=/etc": "--dg-defs-module: must be a dotted module name, not '/etc'",
    "--dg-defs-module=bad_project..defs": (
        "--dg-defs-module: must be a dotted module name, not 'bad_project..defs'"
    ),
    "--dg-defs-module=bad_project.nowhere": (
        "--dg-defs-module: defs_module 'bad_project.nowhere' is not a package of the project"
        " (no bad_project/nowhere/ or bad_project/nowhere.py)"
    ),
    "--dg-root-module=nope": (
        "--dg-root-module: root_module 'nope' is not a package of the project"
        " (no nope/ or nope.py)"
    ),
}


@pytest.mark.parametrize("option", sorted(BAD_OPTIONS))
def test_a_bad_option_is_one_error(project: Path, option: str) -> None:
    path = "bad_project/legacy/assets.py"
    report = lint("--jobs=1", option, path, cwd=project)
    assert report.dgd == [f"{path}:1:1: DGD002 {BAD_OPTIONS[option]}{SKIPPED}"]
    assert report.other == [] and report.stderr == []


def test_broken_config_is_one_error_with_jobs(tmp_path: Path) -> None:
    """--jobs workers each lint some of the files; the line goes to the same file in every
    run, whatever the worker, and only there."""
    root = copy_project(tmp_path, "config_not_toml")
    for args, first in (
        (["--jobs=2", "."], "./cfg_project/__init__.py"),
        (["--jobs=2", "cfg_project"], "cfg_project/__init__.py"),
        (["--jobs=2", *reversed(PY_FILES)], "cfg_project/__init__.py"),
    ):
        report = lint(*args, cwd=root)
        code, reason = CONFIG_CASES["config_not_toml"]
        assert_one_error(report, first, code, "pyproject.toml", reason)


PY_FILES = [
    "cfg_project/__init__.py",
    "cfg_project/defs/__init__.py",
    "cfg_project/legacy/__init__.py",
    "cfg_project/legacy/assets.py",
]


def test_the_error_skips_files_flake8_gives_no_plugin(tmp_path: Path) -> None:
    """A file flake8 cannot parse (E999) or skips whole (`# flake8: noqa`) never reaches
    the plugin: the line goes to the next file of the project."""
    root = copy_project(tmp_path, "config_not_toml")
    (root / "cfg_project" / "__init__.py").write_text("def broken(:\n")
    (root / "cfg_project" / "defs" / "__init__.py").write_text("# flake8: noqa\n")
    report = lint("--jobs=1", ".", cwd=root)
    report.assert_broken({"cfg_project/__init__.py": "E999"})
    assert len(report.dgd) == 1, report.dgd
    assert report.dgd[0].startswith("./cfg_project/legacy/__init__.py:1:1: DGD001 "), report.dgd


@pytest.mark.parametrize("table", list(MORE_CONFIGS), ids=lambda table: table.split("\n")[0])
def test_more_broken_tables(tmp_path: Path, table: str) -> None:
    root = copy_project(tmp_path, "config_wrong_types")
    (root / "pyproject.toml").write_bytes(table.encode("latin-1"))
    path = "cfg_project/legacy/assets.py"
    report = lint("--jobs=1", path, cwd=root)
    assert_one_error(report, path, "DGD001", "pyproject.toml", MORE_CONFIGS[table])


@pytest.mark.parametrize("table", list(MISSING_MODULES), ids=["dg", "dagster"])
def test_settings_naming_a_missing_module(tmp_path: Path, table: str) -> None:
    root = copy_project(tmp_path, "config_wrong_types")
    (root / "pyproject.toml").write_text(table)
    report = lint("--jobs=1", *PY_FILES, cwd=root)
    reason = MISSING_MODULES[table]
    assert report.dgd == [f"{PY_FILES[0]}:1:1: DGD003 pyproject.toml: {reason}{SKIPPED}"]
    assert report.other == [] and report.stderr == []


def test_a_dg_workspace_is_no_project(tmp_path: Path) -> None:
    """A `dg.toml` of `directory_type = "workspace"` holds projects; a file beside them
    belongs to none: no line at all (the projects below keep theirs)."""
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "dg.toml").write_text('directory_type = "workspace"\n')
    (workspace / "scripts").mkdir()
    tool = "import dagster as dg\n\n\n@dg.asset\ndef a(): ...\n"
    (workspace / "scripts" / "tool.py").write_text(tool)
    copy_project(workspace, "nested")
    report = lint("--jobs=1", ".", cwd=workspace)
    assert [line.split(":", 1)[0] for line in report.dgd] == [
        "./nested/outer_pkg/legacy/assets.py",
        "./nested/outer_pkg/vendored/inner_project/inner_pkg/legacy/assets.py",
    ]
    assert report.other == [] and report.stderr == []


def test_broken_project_beside_a_good_one(tmp_path: Path) -> None:
    """Two projects in one run: the broken one has its one line, the good one its lines."""
    copy_project(tmp_path, "config_not_toml")
    copy_project(tmp_path)
    report = lint("--jobs=1", "config_not_toml", "project", cwd=tmp_path)
    broken = [line for line in report.dgd if line.startswith("config_not_toml/")]
    assert report.dgd == sorted(
        [*broken, *(line.replace("./", "project/", 1) for line in GOOD)]
    )
    assert len(broken) == 1, broken
    assert broken[0].startswith(
        "config_not_toml/cfg_project/__init__.py:1:1: DGD001 config_not_toml/pyproject.toml:"
        " not valid TOML ("
    ), broken
    report.assert_broken({f"project/{path}": "E999" for path in UNPARSABLE}, prefix="")
    assert report.stderr == []


def test_nested_projects_each_file_judged_by_its_nearest_project(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "nested")
    inner = "outer_pkg/vendored/inner_project/"
    report = lint("--jobs=1", ".", cwd=root)
    assert report.dgd == [
        "./outer_pkg/legacy/assets.py:6:1: DGD101 asset 'outer_legacy' is outside the defs"
        " package outer_pkg.defs and will not be autoloaded; move outer_pkg/legacy/assets.py"
        " under outer_pkg/defs/",
        f"./{inner}inner_pkg/legacy/assets.py:6:1: DGD101 asset 'inner_legacy' is outside the"
        " defs package inner_pkg.defs and will not be autoloaded; move"
        " inner_pkg/legacy/assets.py under inner_pkg/defs/",
    ]
    assert report.other == [] and report.stderr == []


# -- `flake8-dgdefs list` ---------------------------------------------------------------------
def run_list(path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, "-m", "flake8_dgdefs", "list", str(path)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )


def test_list_refuses_a_broken_project_in_one_line(project: Path) -> None:
    add_generated_cases(project)
    result = run_list(project)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("flake8-dgdefs: bad_project/"), lines


def test_list_reads_odd_but_valid_modules(project: Path) -> None:
    """Without the unparsable modules, `list` reads latin-1, BOM, CRLF, cycles, symlinks."""
    add_generated_cases(project)
    for path in [*UNPARSABLE, *GENERATED_BROKEN, "bad_project/legacy/deep_unary.py"]:
        (project / path).unlink()
    result = run_list(project)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    for key in ("orders", "cycle_a_asset", "cycle_b_asset", "legacy_orders"):
        assert key in result.stdout.split(), result.stdout


@pytest.mark.parametrize("case", sorted(CONFIG_CASES))
def test_list_broken_config_is_one_line(tmp_path: Path, case: str) -> None:
    root = copy_project(tmp_path, case)
    result = run_list(root)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        line for line in result.stderr.splitlines() if CONFIG_CASES[case][1] in line
    ]
    assert len(result.stderr.splitlines()) == 1
