"""Which Tỉnh Số is running: the version in pyproject.toml and the git commit.

TINHSO_VERSION / TINHSO_COMMIT win when set (the Dockerfile bakes them in: an image has no
.git); otherwise pyproject.toml and `git rev-parse` in the source tree. Read once per process.
"""

from __future__ import annotations

import os
import subprocess
import tomllib
from functools import cache

from django.conf import settings

UNKNOWN = "không rõ"


@cache
def version() -> str:
    if os.environ.get("TINHSO_VERSION"):
        return os.environ["TINHSO_VERSION"]
    try:
        with (settings.BASE_DIR / "pyproject.toml").open("rb") as pyproject:
            return str(tomllib.load(pyproject)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return UNKNOWN


@cache
def commit() -> str:
    if os.environ.get("TINHSO_COMMIT"):
        return os.environ["TINHSO_COMMIT"][:12]
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],  # noqa: S607 - git from PATH
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return UNKNOWN
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else UNKNOWN
