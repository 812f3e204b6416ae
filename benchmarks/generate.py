"""Generate a synthetic Dagster project of N modules for the benchmark.

The mix follows what real `dg` projects hold: asset modules with decorators and arguments
(groups, deps, partitions, checks), job / schedule / sensor modules, factories called at
module level, imports between modules, a `defs/` package walked by the autoloader, a
`lib/` package of plain Python helpers and resources, and a `legacy/` package that still
holds a few definitions outside defs (as in a project half way through a migration).

Every file is clean for pycodestyle and pyflakes at `--max-line-length=100`, so flake8's
own output stays small and the timings measure checking, not printing.

Usage: python benchmarks/generate.py 2000 /tmp/bench_2000
"""

from __future__ import annotations

import argparse
import os
import random
import time

#: Share of modules per kind (they add up to 1).
MIX = (
    ("assets", 0.40),
    ("automation", 0.12),
    ("factory", 0.08),
    ("helpers", 0.30),
    ("legacy", 0.05),
    ("resources", 0.05),
)
#: Modules per sub-package, as in a project organised by domain.
PER_PACKAGE = 25
#: How far in the past the files are dated (a real tree is not written a second ago).
AGE_SECONDS = 3600


def generate(root: str, size: int, seed: int = 0) -> str:
    """Write a project of about `size` modules under `root`; return the project folder."""
    rng = random.Random(seed)
    package = f"bench_{size}"
    project = os.path.join(root, package)
    pkg_dir = os.path.join(project, package)
    counts = _counts(size)
    files: dict[str, str] = {
        "pyproject.toml": _pyproject(package),
        f"{package}/__init__.py": "",
        f"{package}/definitions.py": _definitions(package),
        f"{package}/defs/__init__.py": "",
        f"{package}/lib/__init__.py": "",
        f"{package}/legacy/__init__.py": "",
    }
    helpers = [f"{package}.lib.{_sub('h', i)}.helpers_{i}" for i in range(counts["helpers"])]
    resources = [f"{package}.lib.{_sub('r', i)}.resources_{i}" for i in range(counts["resources"])]
    assets = [f"{package}.defs.{_sub('a', i)}.assets_{i}" for i in range(counts["assets"])]
    for kind, modules in (("helpers", helpers), ("resources", resources), ("assets", assets)):
        for i, module in enumerate(modules):
            files[_path(module)] = _source(kind, i, rng, helpers, resources, assets)
    for i in range(counts["automation"]):
        module = f"{package}.defs.{_sub('j', i)}.automation_{i}"
        files[_path(module)] = _automation(i, rng, assets)
    for i in range(counts["factory"]):
        module = f"{package}.defs.{_sub('f', i)}.factory_{i}"
        files[_path(module)] = _factory(i, rng, helpers)
    for i in range(counts["legacy"]):
        module = f"{package}.legacy.{_sub('l', i)}.old_{i}"
        files[_path(module)] = _legacy(i, rng, helpers)
    for relative in list(files):
        folder = os.path.dirname(relative)
        while folder.startswith(package + "/"):
            files.setdefault(f"{folder}/__init__.py", "")
            folder = os.path.dirname(folder)
    past = time.time() - AGE_SECONDS
    for relative, text in files.items():
        path = os.path.join(project, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.utime(path, (past, past))
    assert os.path.isdir(pkg_dir)
    return project


def _counts(size: int) -> dict[str, int]:
    counts = {kind: max(1, int(size * share)) for kind, share in MIX}
    counts["helpers"] += size - sum(counts.values()) - _overhead(size)
    return counts


def _overhead(size: int) -> int:
    """Modules that are not in the mix: the package `__init__`s and definitions.py."""
    packages = sum(-(-max(1, int(size * share)) // PER_PACKAGE) for _, share in MIX)
    return packages + 5


def _sub(prefix: str, index: int) -> str:
    return f"{prefix}{index // PER_PACKAGE:04d}"


def _path(module: str) -> str:
    parts = module.split(".")
    return "/".join(parts) + ".py"


def _pyproject(package: str) -> str:
    return (
        f'[project]\nname = "{package}"\nversion = "0.1.0"\n\n'
        '[tool.dg]\ndirectory_type = "project"\n\n'
        f'[tool.dg.project]\nroot_module = "{package}"\n'
    )


def _definitions(package: str) -> str:
    return (
        '"""Code location target."""\n\nfrom pathlib import Path\n\nimport dagster as dg\n\n\n'
        "@dg.definitions\ndef defs() -> dg.Definitions:\n"
        "    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)\n"
    )


def _helper_body(index: int, rng: random.Random) -> str:
    """Plain Python: what most of a real project's lines are."""
    n = rng.randint(3, 6)
    out = []
    for k in range(n):
        out.append(
            f"def transform_{index}_{k}(rows: list[dict[str, Any]], limit: int = {k + 10})"
            " -> list[dict[str, Any]]:\n"
            f'    """Clean rows for step {k}: drop empty keys and cap the batch."""\n'
            "    cleaned = []\n"
            "    for row in rows[:limit]:\n"
            "        item = {key: value for key, value in row.items() if value is not None}\n"
            f"        if item.get('id', 0) % {k + 2} == 0:\n"
            "            item['flag'] = True\n"
            "        cleaned.append(item)\n"
            "    return cleaned\n"
        )
    out.append(
        f"class Record{index}:\n"
        f'    """A row of table {index}."""\n\n'
        "    def __init__(self, key: str, value: float) -> None:\n"
        "        self.key = key\n        self.value = value\n\n"
        "    def scaled(self, factor: float) -> float:\n"
        "        return round(self.value * factor, 3)\n"
    )
    return "\n\n".join(out)


def _source(
    kind: str,
    index: int,
    rng: random.Random,
    helpers: list[str],
    resources: list[str],
    assets: list[str],
) -> str:
    if kind == "helpers":
        head = f'"""Helpers {index}: plain Python, no Dagster."""\n\nfrom typing import Any\n\n\n'
        return head + _helper_body(index, rng)
    if kind == "resources":
        return (
            f'"""Resources {index}."""\n\nimport dagster as dg\n\n\n'
            f"class Warehouse{index}(dg.ConfigurableResource):\n"
            "    dsn: str\n    schema: str = 'public'\n\n"
            "    def query(self, sql: str) -> list[tuple[int, str]]:\n"
            "        return [(len(sql), self.schema)]\n\n\n"
            f"warehouse_{index} = Warehouse{index}(dsn='postgres://localhost/db')\n"
        )
    helper = rng.choice(helpers)
    lines = [
        f'"""Assets of domain {index}."""\n',
        "from typing import Any\n",
        "import dagster as dg\n",
        f"from {helper} import Record{helpers.index(helper)}\n",
    ]
    if index > 0 and rng.random() < 0.3:
        other = rng.randrange(index)
        lines.append(f"from {assets[other]} import table_{other}_0  # noqa: F401\n")
    lines.append(
        "\nPARTITIONS = dg.DailyPartitionsDefinition(start_date='2024-01-01')\n\n"
    )
    for k in range(rng.randint(2, 5)):
        deps = f"deps=['table_{index}_{k - 1}'], " if k else ""
        lines.append(
            f"\n@dg.asset(\n    group_name='domain_{index % 40}',\n    {deps}"
            "partitions_def=PARTITIONS,\n"
            f"    metadata={{'owner': 'team_{index % 7}', 'tier': {k}}},\n)\n"
            f"def table_{index}_{k}(context: dg.AssetExecutionContext) -> list[Any]:\n"
            f'    """Table {k} of domain {index}."""\n'
            "    rows = [{'id': n, 'value': n * 1.5} for n in range(100)]\n"
            f"    context.log.info('loaded %d rows', len(rows))\n"
            f"    return [Record{helpers.index(helper)}(str(r['id']), r['value']) "
            "for r in rows]\n\n"
        )
    if rng.random() < 0.5:
        lines.append(
            f"\n@dg.asset_check(asset=table_{index}_0)\n"
            f"def table_{index}_0_not_empty() -> dg.AssetCheckResult:\n"
            "    return dg.AssetCheckResult(passed=True)\n\n"
        )
    if rng.random() < 0.3:
        lines.append(
            "\n@dg.multi_asset(\n"
            f"    specs=[dg.AssetSpec('mart_{index}_a'), dg.AssetSpec('mart_{index}_b')],\n"
            ")\n"
            f"def marts_{index}() -> None:\n    return None\n\n"
        )
    lines.append("\n" + _helper_body(index + 100000, rng) + "\n")
    return "\n".join(lines).replace("\n\n\n\n", "\n\n\n").rstrip("\n") + "\n"


def _automation(index: int, rng: random.Random, assets: list[str]) -> str:
    target = rng.randrange(len(assets))
    return (
        f'"""Jobs, schedules and sensors {index}."""\n\nimport dagster as dg\n\n'
        f"from {assets[target]} import table_{target}_0\n\n"
        f"job_{index} = dg.define_asset_job(\n    'job_{index}',\n"
        f"    selection=dg.AssetSelection.assets(table_{target}_0),\n)\n\n"
        f"schedule_{index} = dg.ScheduleDefinition(\n"
        f"    job=job_{index},\n    cron_schedule='{index % 60} 3 * * *',\n)\n\n\n"
        f"@dg.sensor(job=job_{index}, minimum_interval_seconds=60)\n"
        f"def sensor_{index}(context: dg.SensorEvaluationContext) -> dg.SkipReason:\n"
        "    return dg.SkipReason('nothing new')\n\n\n"
        f"@dg.schedule(cron_schedule='0 {index % 24} * * *', job=job_{index})\n"
        f"def nightly_{index}(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:\n"
        "    return dg.RunRequest(run_key=None)\n"
    )


def _factory(index: int, rng: random.Random, helpers: list[str]) -> str:
    names = "".join(f"    'feed_{index}_{k}',\n" for k in range(rng.randint(2, 6)))
    return (
        f'"""Assets made by a factory {index}."""\n\nimport dagster as dg\n\n\n'
        "def build_feed(name: str) -> dg.AssetsDefinition:\n"
        "    @dg.asset(name=name, group_name='feeds')\n"
        "    def _feed() -> int:\n        return len(name)\n\n"
        "    return _feed\n\n\n"
        f"FEED_NAMES = (\n{names})\n"
        f"feeds_{index} = [build_feed(name) for name in FEED_NAMES]\n"
        f"spec_{index} = dg.AssetSpec('external_{index}', group_name='external')\n"
    )


def _legacy(index: int, rng: random.Random, helpers: list[str]) -> str:
    return (
        f'"""Old code {index}, not yet moved into defs/."""\n\nimport dagster as dg\n\n\n'
        f"@dg.asset(group_name='legacy')\ndef old_table_{index}() -> int:\n    return {index}\n\n\n"
        f"old_job_{index} = dg.define_asset_job('old_job_{index}', selection='old_*')\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int)
    parser.add_argument("root")
    args = parser.parse_args()
    print(generate(args.root, args.size))


if __name__ == "__main__":
    main()
