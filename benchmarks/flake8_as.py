"""Run flake8 with or without flake8-dgdefs registered, and record the peak memory.

    python benchmarks/flake8_as.py with|without FLAKE8_ARGS...

"without" removes the plugin from flake8's plugin list before flake8 loads it, so flake8
neither imports nor instantiates it: the honest baseline. (`--select` / `--ignore` would
not do: flake8 runs every installed plugin and only filters its output.) Both modes start
the same interpreter with the same flake8, so the difference is the plugin's cost alone.

With BENCH_RSS=<file>, writes the peak resident memory in KiB of this process and of its
worker processes (`--jobs`), as "self children", when flake8 exits.
"""

from __future__ import annotations

import atexit
import os
import resource
import sys
from typing import Iterator

from flake8.main.cli import main
from flake8.plugins import finder

PLUGIN = "flake8-dgdefs"


def _without_plugin() -> None:
    find = finder._find_importlib_plugins

    def filtered() -> Iterator[finder.Plugin]:
        return (plugin for plugin in find() if plugin.package != PLUGIN)

    finder._find_importlib_plugins = filtered


def _peak_rss_kib() -> int:
    """This process's peak RSS. Linux keeps ru_maxrss across exec, so it would start at
    the benchmark's own size: read VmHWM, the peak of this program's memory map."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _record_memory(target: str) -> None:
    own = _peak_rss_kib()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # forks of this one
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(f"{own} {children}\n")


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode not in ("with", "without"):
        sys.exit("usage: flake8_as.py with|without FLAKE8_ARGS...")
    if mode == "without":
        _without_plugin()
    if os.environ.get("BENCH_RSS"):
        atexit.register(_record_memory, os.environ["BENCH_RSS"])
    sys.exit(main(args))
