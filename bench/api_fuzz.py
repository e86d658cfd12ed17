#!/usr/bin/env python3
"""A longer fuzz of /api/v1 than the suite's: the same harness (tests/security/api_fuzz.py),
more examples per operation, figures printed (operations, requests, failures, statuses).

Runs the suite's test with a throw-away test database on whatever DATABASE_URL points at
(SQLite by default), so it never touches the working data:

    .venv/bin/python bench/api_fuzz.py              # 200 examples per operation
    .venv/bin/python bench/api_fuzz.py 500
    DATABASE_URL=postgres://tinhso:tinhso@127.0.0.1:5432/tinhso .venv/bin/python bench/api_fuzz.py

Goal (issue 11, must-have 10): zero 5xx, every response documented and matching its schema.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/security/test_api_fuzz.py"


def main() -> int:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    env = {**os.environ, "TINHSO_FUZZ_EXAMPLES": str(examples)}
    database = os.environ.get("DATABASE_URL", "SQLite")
    started = time.monotonic()
    run = subprocess.run(  # noqa: S603 — our own interpreter and test file
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", TEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.monotonic() - started
    figures = [line for line in run.stdout.splitlines() if line.startswith("API fuzz:")]
    print(f"examples per operation: {examples}; database: {database}")
    print("\n".join(figures) or "no figures: the run did not get to the end")
    print(f"time: {elapsed:.0f} s; pytest exit code {run.returncode}")
    if run.returncode != 0:
        print(run.stdout[-5000:])
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
