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


DGD001 = Rule(
    code="DGD001",
    title="Dagster settings that cannot be read",
    message="{source}: {reason}; Dagster checks skipped for this project",
    rationale=(
        "A `dg.toml` or `pyproject.toml` that is not valid TOML, cannot be read, or holds"
        " `[tool.dg]` / `[tool.dagster]` values of the wrong kind tells nothing about where"
        " the defs package is, so none of the project's files can be checked. Reported once"
        " per project and run, on line 1 of the project's first linted file, so that flake8"
        " (and a pre-commit hook) fails instead of passing in silence."
    ),
    before='# pyproject.toml\n[tool.dg.project]\nroot_module = "my_project',
    after='# pyproject.toml\n[tool.dg.project]\nroot_module = "my_project"',
)

DGD002 = Rule(
    code="DGD002",
    title="A --dg option naming no module of the project",
    message="{source}: {reason}; Dagster checks skipped for this project",
    rationale=(
        "`--dg-root-module` and `--dg-defs-module` (on the command line, or `dg-root-module`"
        " / `dg-defs-module` in `setup.cfg`, `tox.ini`, `.flake8`) win over the project's"
        " settings. A value that is not a dotted module name, or names no package of the"
        " project, would leave every file unchecked; it is reported once per project."
    ),
    before="# setup.cfg\n[flake8]\ndg-defs-module = my_project.defz",
    after="# setup.cfg\n[flake8]\ndg-defs-module = my_project.defs",
)

DGD003 = Rule(
    code="DGD003",
    title="Dagster settings naming no module of the project",
    message="{source}: {reason}; Dagster checks skipped for this project",
    rationale=(
        "`root_module` and `defs_module` of `[tool.dg.project]` (or the module of"
        " `[tool.dagster] module_name`) must be packages of the project folder (or of its"
        " `src/`). Dagster cannot load a project whose settings name a missing module, and"
        " the linter cannot tell which files the autoloader walks."
    ),
    before=(
        '# pyproject.toml\n[tool.dg.project]\nroot_module = "my_project"\n'
        'defs_module = "my_project.defz"'
    ),
    after=(
        '# pyproject.toml\n[tool.dg.project]\nroot_module = "my_project"\n'
        'defs_module = "my_project.defs"'
    ),
)

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

DGD202 = Rule(
    code="DGD202",
    title="Module inside defs loaded again by hand",
    message=(
        "{helper} loads {module} again, which {loader} already loads from the defs package:"
        " Dagster fails with `{error}`; {fix}"
    ),
    rationale=(
        "`load_assets_from_modules` and the other `load_*_from_*` helpers build new copies of"
        " a module's assets. Beside the autoloader, which loads the same module from defs/,"
        " the copies collide and the whole code location fails to load. This is the"
        " half-migrated project: a module moved into defs/ but still loaded by hand."
    ),
    before=(
        "from my_project.defs.elt import assets as elt_assets\n"
        "defs = dg.Definitions.merge(\n"
        "    dg.Definitions(assets=dg.load_assets_from_modules([elt_assets])),\n"
        "    dg.load_from_defs_folder(path_within_project=Path(__file__).parent),\n)"
    ),
    after="defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)",
)

DGD203 = Rule(
    code="DGD203",
    title="Definition from defs also listed by hand",
    message=(
        "{kind} '{name}' is listed by hand, but {loader} already loads it from {module}:"
        " harmless (Dagster keeps one copy of the same object) but redundant; remove it from"
        " this Definitions(...)"
    ),
    rationale=(
        "The autoloader already collects every definition inside defs/. Listing one again in"
        " a `Definitions(...)` beside it does nothing, and hides which definitions still need"
        " to move."
    ),
    before=(
        "from my_project.defs.elt.jobs import sync_tables_job\n"
        "defs = dg.Definitions.merge(\n"
        "    dg.Definitions(jobs=[sync_tables_job]),\n"
        "    dg.load_from_defs_folder(path_within_project=Path(__file__).parent),\n)"
    ),
    after="defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)",
)

DGD301 = Rule(
    code="DGD301",
    title="Definition dropped by a module-level Definitions object",
    message=(
        "{kind} '{name}' is dropped: the Definitions object '{holder}' ({where}) takes over"
        " {path} and does not contain it; add it to '{holder}' or move it to another file"
    ),
    rationale=(
        "When a defs module holds a `Definitions` object (built there or merely imported), the"
        " autoloader uses that object as the whole module and silently ignores every other"
        " definition of the file."
    ),
    before=(
        "@dg.asset\ndef daily_revenue(): ...\n\n@dg.asset\ndef weekly_revenue(): ...\n\n"
        "defs = dg.Definitions(assets=[daily_revenue])"
    ),
    after="defs = dg.Definitions(assets=[daily_revenue, weekly_revenue])",
)

DGD302 = Rule(
    code="DGD302",
    title="Definition dropped by a @definitions function",
    message=(
        "{kind} '{name}' is dropped: the @definitions function '{holder}' takes over {path}"
        " and does not use it; return it from '{holder}' or move it to another file"
    ),
    rationale=(
        "A `@dg.definitions` function in a defs module replaces the module's own collection:"
        " only what it returns is loaded, the file's other definitions are ignored."
    ),
    before=(
        "@dg.asset\ndef clicks(): ...\n\n@dg.definitions\ndef defs():\n"
        "    return dg.Definitions(assets=[campaigns])"
    ),
    after=(
        "@dg.definitions\ndef defs():\n    return dg.Definitions(assets=[campaigns, clicks])"
    ),
)

DGD303 = Rule(
    code="DGD303",
    title="Several Definitions objects in one defs module",
    message=(
        "{what} '{name}' is one more beside {first} in {path}: Dagster fails with `{error}`;"
        " keep one Definitions object, or only @definitions functions, per defs module"
    ),
    rationale=(
        "A defs module may hold at most one `Definitions` object, and never one beside"
        " `@definitions` functions; otherwise the whole code location fails to load."
    ),
    before=(
        "ledger_defs = dg.Definitions(assets=[ledger])\n"
        "budget_defs = dg.Definitions(assets=[budget])"
    ),
    after="defs = dg.Definitions(assets=[ledger, budget])",
)

DGD304 = Rule(
    code="DGD304",
    title="Python file inside a YAML component folder",
    message=(
        "{kind} '{name}' is not loaded: {folder}/ is a YAML component folder (type {type}) and"
        " the autoloader does not load the Python files in it; move {path} out of {folder}/,"
        " or use type dagster.DefsFolderComponent"
    ),
    rationale=(
        "A folder holding `defs.yaml` (or `defs.yml`, `component.yaml`) belongs to that"
        " component. Unless its type is `dagster.DefsFolderComponent`, the autoloader does not"
        " walk into it, so definitions in `.py` files there are silently missing."
    ),
    before=(
        "# my_project/defs/reports/defs.yaml: type: my_project.components.StaticAssets\n"
        "# my_project/defs/reports/extra.py\n@dg.asset\ndef yearly_report(): ..."
    ),
    after="# my_project/defs/yearly/reports.py\n@dg.asset\ndef yearly_report(): ...",
)

DGD305 = Rule(
    code="DGD305",
    title="Sibling of definitions.py dropped by legacy load_defs",
    message=(
        "{kind} '{name}' is dropped: with load_defs, {keyword} makes Dagster load that file"
        " alone from {folder}/; make {keyword} load it (import it there, and into its"
        " Definitions if it has one), or switch to load_from_defs_folder"
    ),
    rationale=(
        "The legacy `dg.load_defs` treats `definitions.py` as a keyword file: a folder that"
        " holds one loads only it, and the definitions of the other files there disappear"
        " unless `definitions.py` imports them. `load_from_defs_folder` loads every file."
    ),
    before=(
        "# my_project/defs/sales/definitions.py\nsales_job = dg.define_asset_job(...)\n"
        "# my_project/defs/sales/orders.py\n@dg.asset\ndef refunds(): ..."
    ),
    after=(
        "# my_project/definitions.py\n"
        "defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)"
    ),
)

DGD306 = Rule(
    code="DGD306",
    title="Resource bound at module level of a defs module",
    message=(
        "{kind} '{name}' is bound at module level of a defs module, where the autoloader never"
        " loads resources: it is dropped (assets that need it fail with `resource with key"
        " ... was not provided`); put it in Definitions(resources=...) returned by a"
        " @dg.definitions function"
    ),
    rationale=(
        "The autoloader collects assets, checks, jobs, schedules and sensors from module"
        " attributes, never resources or IO managers. A resource must come through a"
        " `Definitions(resources=...)`."
    ),
    before="warehouse = WarehouseResource(url=...)",
    after=(
        "@dg.definitions\ndef resources():\n"
        "    return dg.Definitions(resources={\"warehouse\": WarehouseResource(url=...)})"
    ),
)

DGD307 = Rule(
    code="DGD307",
    title="Definitions gathered in a container the autoloader skips",
    message=(
        "{kind} '{name}' sits in the {container} '{binding}', which the autoloader does not"
        " collect (only module attributes and flat lists of definitions): it is dropped; use a"
        " flat list or bind it to a module-level name"
    ),
    rationale=(
        "The autoloader reads module attributes that are definitions, and lists whose items"
        " all are. Tuples, dicts, sets and nested or mixed lists are skipped whole."
    ),
    before='crm_tables = (dg.AssetSpec("accounts"), dg.AssetSpec("contacts"))',
    after='crm_tables = [dg.AssetSpec("accounts"), dg.AssetSpec("contacts")]',
)

DGD401 = Rule(
    code="DGD401",
    title="Two definitions with the same asset key",
    message=(
        "{kind} '{name}' defines asset key '{key}', already defined by {other} at {where}:"
        " Dagster fails with `{error}`; rename one of them or remove the copy"
    ),
    rationale=(
        "Dagster de-duplicates the same object, but two different objects with one asset key"
        " (an `@asset` and an `AssetSpec`, a copy-pasted asset) fail the code location."
    ),
    before=(
        "# defs/raw.py\n@dg.asset(key_prefix=\"shop\")\ndef orders(): ...\n"
        "# defs/staging.py\nshop_orders = dg.AssetSpec(key=[\"shop\", \"orders\"])"
    ),
    after="# defs/staging.py\nfrom my_project.defs.raw import orders",
)

DGD402 = Rule(
    code="DGD402",
    title="Two jobs with the same name",
    message=(
        "{kind} '{name}' defines job '{key}', already defined by {other} at {where}: Dagster"
        " fails with `{error}`; rename one of them"
    ),
    rationale="Job names are unique in a code location; two different jobs with one name fail.",
    before=(
        '# defs/jobs_a.py\nrefresh = dg.define_asset_job(name="refresh", ...)\n'
        '# defs/jobs_b.py\nrefresh_all = dg.define_asset_job(name="refresh", ...)'
    ),
    after='refresh_all = dg.define_asset_job(name="refresh_all", ...)',
)

DGD403 = Rule(
    code="DGD403",
    title="Two schedules or sensors with the same name",
    message=(
        "{kind} '{name}' is named '{key}', like {other} at {where}: Dagster fails with"
        " `{error}`; rename one of them (schedules and sensors share one namespace)"
    ),
    rationale=(
        "Schedules and sensors share one namespace; a `ScheduleDefinition` without `name` is"
        " named `<job>_schedule`, which a sensor or another schedule can collide with."
    ),
    before=(
        "daily = dg.ScheduleDefinition(job=orders_job, ...)  # orders_job_schedule\n"
        "@dg.sensor(job_name=\"orders_job\")\ndef orders_job_schedule(): ..."
    ),
    after="@dg.sensor(job_name=\"orders_job\")\ndef orders_job_sensor(): ...",
)

DGD404 = Rule(
    code="DGD404",
    title="Two asset checks with the same key",
    message=(
        "{kind} '{name}' defines asset check '{key}', already defined by {other} at {where}:"
        " Dagster fails with `{error}`; give one of them another name"
    ),
    rationale="An asset check key (asset and check name) must be unique in a code location.",
    before=(
        '@dg.asset_check(asset="orders")\ndef not_empty(): ...\n'
        '@dg.asset_check(asset="orders", name="not_empty")\ndef orders_not_empty(): ...'
    ),
    after='@dg.asset_check(asset="orders", name="has_rows")\ndef orders_not_empty(): ...',
)

DGD405 = Rule(
    code="DGD405",
    title="Asset input that no loaded asset produces",
    message=(
        "{kind} '{name}' reads input '{input}', which no asset that loads produces: Dagster"
        " refuses to load the code location with `{error}`; define or load an asset with key"
        " '{input}' (move it into the defs package), or make it a dependency only"
        " (deps=[\"{input}\"]) if another tool produces it"
    ),
    rationale=(
        "Dagster invents a stub for a `deps=` key that nothing defines, but never for an input"
        " (a parameter of the asset function, or `ins=`): the code location fails to load."
        " Reported only when every object that loads is seen (no factory, component,"
        " unreadable Definitions or third-party import that might define the key)."
    ),
    before=(
        "# my_project/defs/staging.py (raw_orders stayed in my_project/legacy/raw.py)\n"
        "@dg.asset\ndef stg_orders(raw_orders): ..."
    ),
    after=(
        "# my_project/defs/raw.py\n@dg.asset\ndef raw_orders(): ...\n"
        "# my_project/defs/staging.py\n@dg.asset\ndef stg_orders(raw_orders): ..."
    ),
)

DGD406 = Rule(
    code="DGD406",
    title="Asset job selecting a key that no loaded asset defines",
    message=(
        "job '{name}' selects {keys}, which no asset that loads defines: Dagster refuses to"
        " load the code location with `{error}` (caused by `{cause}`); fix the key, or load"
        " the asset that defines it"
    ),
    rationale=(
        "`define_asset_job(selection=[...])` is resolved when the code location loads; a"
        " selected key that no loaded asset defines fails the whole location. Reported only"
        " when the selection is a literal list of keys and every object that loads is seen."
    ),
    before='orders_job = dg.define_asset_job("orders_job", selection=["raw_order"])',
    after='orders_job = dg.define_asset_job("orders_job", selection=["raw_orders"])',
)

RULES: tuple[Rule, ...] = (
    DGD001,
    DGD002,
    DGD003,
    DGD101,
    DGD102,
    DGD201,
    DGD202,
    DGD203,
    DGD301,
    DGD302,
    DGD303,
    DGD304,
    DGD305,
    DGD306,
    DGD307,
    DGD401,
    DGD402,
    DGD403,
    DGD404,
    DGD405,
    DGD406,
)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
