"""Run the Dagster oracle (load_project.py) on a project folder in a subprocess."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

LOAD_PROJECT = Path(__file__).resolve().parent / "load_project.py"
TIMEOUT_SECONDS = 300


class OracleError(RuntimeError):
    """The oracle script itself failed (not the project's loading)."""


def run_oracle(project_dir: Path, mode: str) -> dict[str, Any]:
    """Load ``project_dir`` with the real Dagster loader in ``mode`` and return its report.

    ``mode`` is ``"target"``, ``"load_defs"`` or ``"load_from_defs_folder"``. The result is
    ``{"ok": True, "assets": [...], ...}`` or ``{"ok": False, "error_type": ..., "error": ...}``.
    """
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [sys.executable, str(LOAD_PROJECT), str(project_dir), "--mode", mode],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if proc.returncode != 0:
        raise OracleError(
            f"oracle exited with {proc.returncode} for {project_dir} ({mode}):\n{proc.stderr}"
        )
    try:
        result: dict[str, Any] = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise OracleError(
            f"oracle printed no JSON for {project_dir} ({mode}): {exc}\n"
            f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        ) from exc
    return result


#: Oracle subprocesses run at once (each loads Dagster: seconds of CPU).
ORACLE_WORKERS = min(8, os.cpu_count() or 1)


@contextlib.contextmanager
def oracle_pool(
    request: pytest.FixtureRequest,
    job: Callable[[Any], tuple[Path, str]],
    key: Callable[[Any], str] = str,
) -> Iterator[dict[str, Future[dict[str, Any]]]]:
    """The oracle's report of the `case` parameter of every selected test of the requesting
    module, by `key(case)`, all started at once in a few subprocesses; `job` gives a case's
    folder and mode."""
    selected = [
        item.callspec.params["case"]
        for item in request.session.items
        if item.module is request.module
        and hasattr(item, "callspec")
        and "case" in item.callspec.params
    ]
    with ThreadPoolExecutor(max_workers=ORACLE_WORKERS) as pool:
        yield {key(case): pool.submit(run_oracle, *job(case)) for case in selected}
