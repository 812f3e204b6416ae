"""Print the whole-suite figure of issue 3's oracle cases: agreements, false positives, misses.

Run from the repository root: ``python -m tests.oracle.summary`` (add ``-v`` for one line
per case). It runs real flake8 and the real loader on every case of tests/test_rules_oracle.py.
"""

from __future__ import annotations

import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.oracle import run_oracle
from tests.test_rules_oracle import (
    CASES,
    ORACLE_WORKERS,
    Case,
    holds,
    issue_3_lines,
    outcome,
)


def judge(case: Case) -> tuple[Case, str, str]:
    lines = issue_3_lines(case)
    report = run_oracle(case.project, case.mode)
    _, why = holds(case.claim, report)
    return case, outcome(case, lines, report), why


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    with ThreadPoolExecutor(max_workers=ORACLE_WORKERS) as pool:
        results = list(pool.map(judge, CASES))
    counts = Counter(result for _, result, _ in results)
    if verbose:
        for case, result, why in results:
            print(f"{case.code} {case.name:<36} {result}{f' ({why})' if why else ''}")
    print(
        f"{len(results)} cases, {len(set(c.code for c in CASES))} rules: "
        f"{counts['agreement']} agreements, {counts['false positive']} false positives, "
        f"{counts['miss']} misses, {counts['disagreement']} other disagreements"
    )
    return 0 if counts["agreement"] == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
