"""`manage.py check --deploy` under the production settings (TINHSO_ENV=production).

Each warning Django's deployment checklist would give is either fixed in settings.py or
silenced there with the reason next to it; a new one fails this test.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _check_deploy(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    env.update(
        TINHSO_ENV="production",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="tinhso.example.gov.vn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        **extra,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_gives_no_warning_in_production(tmp_path):
    done = _check_deploy(tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "System check identified no issues" in output
    # HTTPS redirect is on by default, so W008 is not even silenced.
    assert "(2 silenced)" in output


def test_check_deploy_stays_clean_with_the_optional_switches(tmp_path):
    # A proxy that redirects by itself; a province that commits its domain to HSTS.
    done = _check_deploy(
        tmp_path,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "(1 silenced)" in output
