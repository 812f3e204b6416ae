"""The README agrees with the rule table and with what the linter really prints."""

from __future__ import annotations

import re

from flake8_dgdefs.docs import render_catalogue, replace_catalogue
from flake8_dgdefs.rules import RULES
from tests.helpers import ROOT, flake8_lines

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_rule_catalogue_is_rendered_from_the_rule_table() -> None:
    assert replace_catalogue(README) == README
    for rule in RULES:
        assert f"| [{rule.code}](#{rule.code.lower()}) | {rule.title} |" in render_catalogue()


def test_rule_codes_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"DGD(?!000)\d\d\d", code) for code in codes)


def test_every_rule_is_exercised_by_an_oracle_test() -> None:
    oracle_tests = "".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "tests").glob("test_*oracle*.py")
    )
    assert [r.code for r in RULES if r.code not in oracle_tests] == []


def test_readme_example_output_is_what_flake8_prints() -> None:
    command = "$ flake8 --select=DGD testdata/guide_elt_moved\n"
    example = README.split(command, 1)[1].split("```", 1)[0].splitlines()
    assert example == flake8_lines("testdata/guide_elt_moved", cwd=ROOT)


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"^python3 -m venv .*pytest$", ci, re.MULTILINE)
    assert command is not None and f"```sh\n{command.group(0)}\n```" in README
