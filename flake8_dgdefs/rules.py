"""The rule table: the one list of DGD codes, read by the checker, the README and the tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One DGD error code.

    ``message`` is a ``str.format`` template; its fields are filled by the rule that fires.
    ``before`` and ``after`` are short code samples shown in the README.
    """

    code: str
    title: str
    message: str
    rationale: str
    before: str
    after: str

    def format(self, **fields: object) -> str:
        """Return the flake8 message text: the code, a space, the filled template."""
        return f"{self.code} {self.message.format(**fields)}"


DGD101 = Rule(
    code="DGD101",
    title="Definition outside the defs package",
    message=(
        "{kind} '{name}' is outside the defs package {defs_module} and will not be"
        " autoloaded; move {path} under {defs_path}"
    ),
    rationale=(
        "The autoloader (`load_defs` / `load_from_defs_folder`) only walks the defs package."
        " A definition elsewhere in the project is loaded only if something imports it by"
        " hand; once the migration is done it silently disappears."
    ),
    before="# my_project/elt/assets.py\n@dg.asset\ndef orders_table(): ...",
    after="# my_project/defs/elt/assets.py\n@dg.asset\ndef orders_table(): ...",
)

DGD102 = Rule(
    code="DGD102",
    title="Definition outside defs, loaded only through an import into defs",
    message=(
        "{kind} '{name}' is outside the defs package {defs_module} and is loaded only because"
        " {importer} imports it; move {path} under {defs_path}"
    ),
    rationale=(
        "A defs module that imports a definition makes the autoloader collect it, but the"
        " definition still lives outside defs: the next person to tidy that import loses it."
    ),
    before=(
        "# my_project/defs/elt.py\nfrom my_project.elt.assets import orders_table"
    ),
    after="# my_project/defs/elt.py\n@dg.asset\ndef orders_table(): ...",
)

DGD201 = Rule(
    code="DGD201",
    title="Project module imported by hand beside the autoloader",
    message=(
        "{module} is imported by hand beside {loader}, but its {summary} are outside the"
        " defs package {defs_module}; move {path} under {defs_path} and drop this import"
    ),
    rationale=(
        "During a migration the root module merges hand-loaded modules with the autoloader."
        " Each such import is a module that still has to move; once it is under defs/, the"
        " import must go or Dagster loads its definitions twice."
    ),
    before=(
        "from my_project.elt import assets as elt_assets\n"
        "defs = dg.Definitions.merge(\n"
        "    dg.Definitions(assets=dg.load_assets_from_modules([elt_assets])),\n"
        "    dg.load_defs(my_project.defs),\n)"
    ),
    after="defs = dg.load_defs(my_project.defs)",
)

RULES: tuple[Rule, ...] = (DGD101, DGD102, DGD201)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
