#!/usr/bin/env python3
"""mypy with a baseline that only shrinks (`make lint`).

Runs mypy with the configuration in pyproject.toml and compares its errors with
.mypy-baseline.txt, the errors the code base had when mypy came in. Lines are compared without
their line numbers, so moving code does not matter; each error counts as often as it occurs.

- An error not in the baseline fails: fix it (type the new code).
- A baseline error that no longer occurs fails too, with the command that shrinks the file:
  `.venv/bin/python tools/mypy_baseline.py --update`. --update only ever removes lines.
- The strict modules (the override with disallow_untyped_defs in pyproject.toml) may have no
  line in the baseline at all.

`--init` writes the baseline from scratch (once, or to re-base after a mypy upgrade).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".mypy-baseline.txt"
ERROR = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?:\d+:)? error: (?P<message>.*)$")
UPDATE = ".venv/bin/python tools/mypy_baseline.py --update"


def run_mypy(arguments: list[str]) -> tuple[list[str], str]:
    """mypy's error lines as found, and its whole output."""
    done = subprocess.run(  # noqa: S603 - our interpreter's mypy
        [sys.executable, "-m", "mypy", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    output = done.stdout + done.stderr
    if done.returncode not in (0, 1):
        print(output)
        raise SystemExit(f"mypy itself failed (exit {done.returncode})")
    errors = [line for line in output.splitlines() if ERROR.match(line)]
    if done.returncode == 1 and not errors:
        print(output)
        raise SystemExit("mypy failed without error lines")
    return errors, output


def key(error_line: str) -> str:
    """The error without its line number (nor line numbers quoted in the message)."""
    match = ERROR.match(error_line)
    if match is None:
        return error_line
    message = re.sub(r"\bline \d+\b", "line N", match["message"])
    return f"{match['path']}: error: {message}"


def read_baseline() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return Counter(line for line in lines if line and not line.startswith("#"))


def write_baseline(errors: Counter[str]) -> None:
    header = [
        "# mypy errors the code base still has (tools/mypy_baseline.py): it may only shrink.",
        f"# Fix one, then: {UPDATE}",
    ]
    lines = sorted(errors.elements())
    BASELINE.write_text("\n".join(header + lines) + "\n", encoding="utf-8")


def strict_prefixes() -> list[str]:
    """Paths of the modules under the strict override in pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    prefixes = []
    for override in config["tool"]["mypy"].get("overrides", []):
        if not override.get("disallow_untyped_defs"):
            continue
        modules = override["module"]
        for module in [modules] if isinstance(modules, str) else modules:
            path = "src/" + module.removesuffix(".*").replace(".", "/")
            prefixes.append(path + "/" if module.endswith(".*") else path + ".py")
    return prefixes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="drop fixed errors from the file")
    parser.add_argument("--init", action="store_true", help="write the baseline from scratch")
    options, mypy_arguments = parser.parse_known_args()

    errors, output = run_mypy(mypy_arguments)
    current = Counter(key(line) for line in errors)
    baseline = read_baseline()
    strict = strict_prefixes()

    if options.init:
        loose = {line: n for line, n in current.items() if not line.startswith(tuple(strict))}
        write_baseline(Counter(loose))
        baseline = read_baseline()
    elif options.update:
        write_baseline(current & baseline)
        baseline = read_baseline()

    new = current - baseline
    fixed = baseline - current
    in_strict = [line for line in baseline if line.startswith(tuple(strict))]
    failed = False
    if new:
        failed = True
        print(f"mypy: {sum(new.values())} new error(s), not in {BASELINE.name}: type them.")
        remaining = Counter(new)
        for line in errors:
            if remaining[key(line)] > 0:
                remaining[key(line)] -= 1
                print(f"  {line}")
    if fixed:
        failed = True
        print(f"mypy: {sum(fixed.values())} baseline error(s) are gone. Shrink it: {UPDATE}")
        for line in sorted(fixed.elements()):
            print(f"  {line}")
    if in_strict:
        failed = True
        print("mypy: strict modules may not be in the baseline; fix these:")
        for line in in_strict:
            print(f"  {line}")
    if failed:
        return 1
    summary = output.strip().splitlines()[-1] if output.strip() else ""
    print(f"mypy: no new errors ({sum(baseline.values())} left in the baseline). {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
