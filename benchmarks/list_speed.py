"""How much faster `flake8-dgdefs list --json` is than `dg list defs --json` (not a test).

Both commands run as subprocesses on a copy of the bundled example (the guide's
`my_existing_project`, testdata/guide_after), several times each, after one untimed run of
each: as on a user's machine from the second run on, Python's bytecode is compiled and
flake8-dgdefs's scan cache (shared with the flake8 plugin) is written. The script prints the
median wall time of each and their ratio. Run it with the interpreter of the environment
where dagster-dg-cli and flake8-dgdefs are installed:

    /tmp/venv/bin/python benchmarks/list_speed.py [--runs 7] [--project testdata/guide_after]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIMS = ROOT / "tests" / "oracle" / "shims"
DEFAULT_PROJECT = ROOT / "testdata" / "guide_after"


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise SystemExit(f"{command[0]} failed: {message[-1] if message else result.returncode}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (default 7)")
    parser.add_argument("--project", type=Path, default=DEFAULT_PROJECT)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    dg = bin_dir / "dg"
    ours = bin_dir / "flake8-dgdefs"
    for tool in (dg, ours):
        if not tool.exists():
            raise SystemExit(f"{tool} not found: run with the environment's own python")
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / args.project.name
        shutil.copytree(args.project, project, ignore=shutil.ignore_patterns("__pycache__"))
        package_dir = project / "src" if (project / "src").is_dir() else project
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # both compile once, as installed packages do
        env.update(
            PYTHONPATH=os.pathsep.join([str(package_dir), str(SHIMS)]),
            DAGSTER_DISABLE_TELEMETRY="1",
        )
        dg_command = [str(dg), "list", "defs", "--json"]
        our_command = [str(ours), "list", "--json"]
        timed(dg_command, project, env)  # warm-up: bytecode, and our scan cache
        timed(our_command, project, env)
        dg_times, our_times = [], []
        for _ in range(args.runs):  # interleaved, so that machine load hits both alike
            dg_times.append(timed(dg_command, project, env))
            our_times.append(timed(our_command, project, env))
    dg_median = statistics.median(dg_times)
    our_median = statistics.median(our_times)
    print(f"project: {args.project}  runs: {args.runs}")
    print(f"dg list defs --json:       median {dg_median * 1000:8.0f} ms")
    print(f"flake8-dgdefs list --json: median {our_median * 1000:8.0f} ms")
    print(f"ratio: {dg_median / our_median:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
