"""The project map and the DGD1xx/DGD201 rules, built in memory: no disk, no flake8."""

from __future__ import annotations

import textwrap

from flake8_dgdefs.checks import check_module
from flake8_dgdefs.loading import model_of
from flake8_dgdefs.project_map import ModuleInfo, ProjectMap
from flake8_dgdefs.scan import scan_source


LOADER = (
    "from pathlib import Path\nimport dagster as dg\n"
    "defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)\n"
)


def _map(files: dict[str, str], defs_module: str | None = "pkg.defs") -> ProjectMap:
    """A map of package `pkg`; its code location calls the autoloader unless `files` says."""
    modules = []
    if defs_module is not None:
        files = {"pkg/definitions.py": LOADER, **files}
    for path, source in files.items():
        parts = path[:-3].split("/")
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        scan = scan_source(textwrap.dedent(source), name, is_package)
        modules.append(ModuleInfo(name, path, is_package, scan))
    return ProjectMap.build("pkg", defs_module, modules)


def _codes(project: ProjectMap, module: str) -> list[tuple[int, str]]:
    return [(v.line, v.message.split()[0]) for v in check_module(project, module)]


ASSETS = "import dagster as dg\n\n@dg.asset\ndef a(): ...\n\n@dg.asset\ndef b(): ...\n"


def test_definitions_outside_defs_are_flagged_inside_are_not() -> None:
    project = _map({"pkg/elt.py": ASSETS, "pkg/defs/elt.py": ASSETS, "pkg/defs/__init__.py": ""})
    assert _codes(project, "pkg.elt") == [(3, "DGD101"), (6, "DGD101")]
    assert _codes(project, "pkg.defs.elt") == []


def test_a_definition_imported_into_defs_is_dgd102() -> None:
    project = _map({"pkg/elt.py": ASSETS, "pkg/defs/__init__.py": "from pkg.elt import b\n"})
    assert _codes(project, "pkg.elt") == [(3, "DGD101"), (6, "DGD102")]
    assert "loaded only because pkg.defs imports it" in check_module(project, "pkg.elt")[1].message


def test_a_star_import_into_defs_reaches_public_names_only() -> None:
    source = ASSETS + "\n@dg.asset\ndef _hidden(): ...\n"
    project = _map({"pkg/elt.py": source, "pkg/defs/__init__.py": "from pkg.elt import *\n"})
    assert _codes(project, "pkg.elt") == [(3, "DGD102"), (6, "DGD102"), (9, "DGD101")]


def test_manual_imports_beside_the_loader_are_dgd201() -> None:
    root = """
        import dagster as dg
        import pkg.defs
        from pkg import elt, helpers
        from pkg.elt import a

        defs = dg.load_defs(pkg.defs)
    """
    project = _map(
        {
            "pkg/elt.py": ASSETS,
            "pkg/helpers.py": "X = 1\n",
            "pkg/defs/__init__.py": "",
            "pkg/definitions.py": root,
        }
    )
    assert _codes(project, "pkg.definitions") == [(4, "DGD201"), (5, "DGD201")]


def test_without_an_autoloader_or_defs_package_nothing_is_flagged() -> None:
    project = _map({"pkg/elt.py": ASSETS}, defs_module=None)
    assert model_of(project).defs_module is None
    assert _codes(project, "pkg.elt") == []


def test_load_defs_argument_names_the_defs_package() -> None:
    root = "import dagster as dg\nimport pkg.pipelines\ndefs = dg.load_defs(pkg.pipelines)\n"
    files = {"pkg/elt.py": ASSETS, "pkg/pipelines/x.py": ASSETS, "pkg/definitions.py": root}
    project = _map(files, defs_module=None)
    assert model_of(project).defs_module == "pkg.pipelines"
    assert _codes(project, "pkg.pipelines.x") == []
    assert _codes(project, "pkg.elt") == [(3, "DGD101"), (6, "DGD101")]


def test_the_buffer_replaces_the_disk_copy_of_its_module() -> None:
    project = _map({"pkg/elt.py": ASSETS, "pkg/defs/__init__.py": ""})
    edited = ModuleInfo("pkg.elt", "pkg/elt.py", False, scan_source("x = 1\n", "pkg.elt"))
    assert _codes(project.with_module(edited), "pkg.elt") == []
    assert project.with_module(project.modules["pkg.elt"]) is project
