"""deploy/ (issue 17 §1): the compose file, the production settings example, the systemd units
and gunicorn's configuration hold together. Docker cannot run here: what can be checked
without it is checked here; docs/operations.md says what was validated how."""

import ast
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"
EXAMPLE = DEPLOY / "env.production.example"
READERS = {"env_str", "env_int", "env_bool", "env_list", "_int"}  # _int: gunicorn.conf.py


def _names_read(path: Path) -> set[str]:
    """Every environment variable a module reads: env_*("NAME") and os.environ[.get]("NAME")."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = getattr(func, "id", None) or getattr(func, "attr", None)
            if called in READERS or (
                called == "get" and ast.unparse(getattr(func, "value", func)) == "os.environ"
            ):
                names.add(str(node.args[0].value))
        elif (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value) == "os.environ"
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(str(node.slice.value))
    return names


def _example() -> dict[str, str]:
    """NAME=value lines, as compose's env_file and systemd's EnvironmentFile read them."""
    values = {}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            values[match.group(1)] = match.group(2)
    return values


def test_every_setting_the_code_reads_is_in_the_production_example():
    sources = [
        ROOT / "src/tinhso/settings.py",
        ROOT / "src/tinhso/envvars.py",
        *(ROOT / "src/tinhso/operations").glob("*.py"),
        *(ROOT / "src/tinhso/tasks").glob("*.py"),
        DEPLOY / "gunicorn.conf.py",
    ]
    read = set().union(*(_names_read(path) for path in sources))
    assert {"DATABASE_URL", "SECRET_KEY", "METRICS_TOKEN", "GUNICORN_WORKERS"} <= read
    text = EXAMPLE.read_text(encoding="utf-8")
    listed = set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))
    missing = sorted(read - listed - {"DJANGO_SETTINGS_MODULE"})
    assert missing == [], "add to deploy/env.production.example: " + ", ".join(missing)


def test_the_example_with_its_required_values_passes_check_deploy(tmp_path):
    env = {"PATH": os.environ["PATH"], **_example()}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        METRICS_TOKEN=secrets.token_urlsafe(32),
        SMS_URL="https://sms.example.vn/api/send",
        SMS_BRANDNAME="TINH-SO",
        SMS_API_KEY=secrets.token_urlsafe(16),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_compose_runs_every_service_the_stack_needs():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "migrate", "web", "worker", "beat", "nginx"}
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    assert services["web"]["command"] == ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "tinhso.tasks", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "tinhso.tasks", "beat"]
    assert services["web"]["environment"]["PROMETHEUS_MULTIPROC_DIR"]
    # only the proxy is reachable from outside; every app service reads the one settings file
    published = [name for name, service in services.items() if "ports" in service]
    assert published == ["nginx"]
    for name in ("migrate", "web", "worker", "beat"):
        assert services[name]["env_file"] == "env.production"
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile"
    for mounted in services["nginx"]["volumes"]:
        source = mounted.split(":", 1)[0]
        assert source == "./tls" or (DEPLOY / source).is_file(), mounted


def test_the_image_runs_as_a_user_with_the_fonts_of_the_forms():
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("# syntax=docker/dockerfile:1")
    assert "FROM python:3.11-slim-bookworm" in dockerfile
    assert "pip install -r requirements.lock" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "fonts-dejavu-core" in dockerfile and "fonts-croscore" in dockerfile
    assert re.search(r"^USER tinhso$", dockerfile, flags=re.MULTILINE)


def test_systemd_units_read_the_environment_file_and_run_the_stack():
    units = {
        name: (DEPLOY / "systemd" / f"tinhso-{name}.service").read_text(encoding="utf-8")
        for name in ("web", "worker", "beat")
    }
    for text in units.values():
        assert "EnvironmentFile=/etc/tinhso/tinhso.env" in text
        assert "User=tinhso" in text
    assert "gunicorn -c /opt/tinhso/deploy/gunicorn.conf.py" in units["web"]
    assert "PROMETHEUS_MULTIPROC_DIR=/run/tinhso/prometheus" in units["web"]
    assert "celery -A tinhso.tasks worker" in units["worker"]
    assert "celery -A tinhso.tasks beat" in units["beat"]


def test_the_proxy_sets_the_headers_the_settings_expect():
    conf = (DEPLOY / "nginx" / "tinhso.conf").read_text(encoding="utf-8")
    for header in (
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Request-ID $request_id;",
        "proxy_set_header Host $host;",
    ):
        assert header in conf
    example = _example()
    assert example["CLIENT_IP_HEADER"] == "X-Forwarded-For"
    assert example["TRUSTED_PROXY_COUNT"] == "1"
