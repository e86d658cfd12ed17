#!/usr/bin/env python3
"""Production smoke test: the site as a province would run it, served by gunicorn.

With TINHSO_ENV=production, DEBUG off, a throwaway SECRET_KEY and a fresh database (SQLite in
a temporary folder, or DATABASE_URL when it is set) it runs `migrate`, `collectstatic` and
`check --deploy`, starts gunicorn on a free 127.0.0.1 port, then asks for the public pages as
the reverse proxy would hand them on (X-Forwarded-Proto: https) and checks:

- each page answers 200 (an unknown address: the site's 404 page) with the security headers
  (a Content-Security-Policy whose script-src has no 'unsafe-inline', HSTS, nosniff,
  X-Frame-Options, Referrer-Policy);
- every script and stylesheet a page names is served (200, hashed name from the manifest),
  and no page carries an inline script;
- a plain-HTTP request is redirected to https://;
- the operations endpoints (issue 17): /healthz and /readyz answer 200 even when asked over
  plain HTTP by an address that is not in ALLOWED_HOSTS (as a load balancer asks), /readyz
  lists its checks; /metrics refuses a request without the token and, with it, counts the
  home page asked for above under its URL name (multiprocess mode, as in production); the
  proxy's X-Request-ID comes back and is in gunicorn's JSON access log.

gunicorn runs with deploy/gunicorn.conf.py, as deploy/compose.yaml and the systemd unit run it.

It prints what it saw, stops gunicorn and exits 1 on any failure. Run it by hand with
`.venv/bin/python deploy/smoke.py` (or `make smoke`); CI runs it from .ci/run.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Path: the status it must answer (an unknown address gets the site's own 404 page).
PAGES = {
    "/": 200,
    "/dang-nhap/": 200,
    "/tra-cuu/": 200,
    "/thu-tuc/": 200,
    "/api/v1/docs": 200,
    "/khong-co-trang-nay/": 404,
}
HOST = "127.0.0.1"
STARTUP_SECONDS = 60
METRICS_TOKEN = secrets.token_urlsafe(32)
REQUEST_ID = "smoke-" + secrets.token_hex(12)


@dataclass
class Seen:
    path: str
    status: int
    headers: dict[str, str]
    body: bytes
    problems: list[str] = field(default_factory=list)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def production_env(workdir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_")) and key not in {"DEBUG", "ALLOWED_HOSTS"}
    }
    env.update(
        TINHSO_ENV="production",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=f"{HOST},localhost",
        SITE_URL=f"https://{HOST}",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        SMS_OUTBOX=str(workdir / "sms-outbox.jsonl"),
        DJANGO_SETTINGS_MODULE="tinhso.settings",
        METRICS_TOKEN=METRICS_TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(workdir / "prometheus"),
        PYTHONPATH=str(ROOT / "src"),
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'smoke.sqlite3'}")
    return env


def manage(env: dict[str, str], *args: str) -> None:
    print(f"$ manage.py {' '.join(args)}", flush=True)
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    output = (done.stdout + done.stderr).strip()
    last = output.splitlines()[-1] if output else ""
    if done.returncode != 0:
        print(output)
        raise SystemExit(f"FAIL: manage.py {' '.join(args)} exited {done.returncode}")
    print(f"  {last}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_gunicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "--config=deploy/gunicorn.conf.py",
        f"--bind={HOST}:{port}",
        "--workers=2",
        "--access-logfile=-",
        "--forwarded-allow-ips=127.0.0.1",
    ]
    print(f"$ gunicorn -c deploy/gunicorn.conf.py --bind={HOST}:{port} --workers=2", flush=True)
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    print(log.read_text(errors="replace"))
    raise SystemExit("FAIL: gunicorn did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch(
    base: str, path: str, *, https: bool = True, headers: dict[str, str] | None = None
) -> Seen:
    request = urllib.request.Request(  # noqa: S310
        base + path, headers={"User-Agent": "tinhso-smoke", **(headers or {})}
    )
    if https:
        request.add_header("X-Forwarded-Proto", "https")
    try:
        with OPENER.open(request, timeout=30) as response:
            return Seen(path, response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as error:
        return Seen(path, error.code, dict(error.headers.items()), error.read())


def directives(policy: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = words[1:]
    return parsed


def check_page(seen: Seen, status: int) -> list[str]:
    """The problems of one HTML page's answer (empty: all good)."""
    problems = []
    if seen.status != status:
        problems.append(f"status {seen.status}, expected {status}")
    headers = {key.lower(): value for key, value in seen.headers.items()}
    policy = headers.get("content-security-policy")
    if not policy:
        problems.append("no Content-Security-Policy header")
    else:
        parsed = directives(policy)
        scripts = parsed.get("script-src", parsed.get("default-src", []))
        if not scripts:
            problems.append("CSP has neither script-src nor default-src")
        if "'unsafe-inline'" in scripts:
            problems.append("CSP script-src allows 'unsafe-inline'")
        if "frame-ancestors" not in parsed:
            problems.append("CSP has no frame-ancestors")
    expected = {
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "same-origin",
    }
    for name, value in expected.items():
        if headers.get(name) != value:
            problems.append(f"{name}: {headers.get(name)!r}, expected {value!r}")
    if "max-age=" not in headers.get("strict-transport-security", ""):
        problems.append("no Strict-Transport-Security")
    html = seen.body.decode("utf-8", errors="replace")
    for attributes in re.findall(r"<script\b([^>]*)>", html, flags=re.IGNORECASE):
        if "src=" not in attributes and "application/json" not in attributes:
            problems.append(f"inline <script{attributes}>")
    return problems


def assets_of(html: str) -> set[str]:
    scripts = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', html, flags=re.IGNORECASE)
    styles = re.findall(r'<link\b[^>]*\bhref="([^"]+\.css)"', html, flags=re.IGNORECASE)
    return {url for url in scripts + styles if url.startswith("/static/")}


def check_asset(seen: Seen) -> list[str]:
    problems = []
    if seen.status != 200:
        problems.append(f"status {seen.status}, expected 200")
    if not re.search(r"\.[0-9a-f]{12}\.(js|css)$", seen.path):
        problems.append("not a hashed (manifest) name")
    if not seen.body:
        problems.append("empty")
    return problems


def report(seen: Seen) -> None:
    headers = {key.lower(): value for key, value in seen.headers.items()}
    mark = "ok  " if not seen.problems else "FAIL"
    kind = headers.get("content-type", "-").split(";")[0]
    print(f"  {mark} {seen.status} {seen.path}  [{kind}, {len(seen.body)} bytes]")
    if kind == "text/html" and seen.status in (200, 404):
        print(f"         Content-Security-Policy: {headers.get('content-security-policy')}")
        for name in ("strict-transport-security", "x-content-type-options", "x-frame-options"):
            print(f"         {name}: {headers.get(name)}")
    if "location" in headers:
        print(f"         Location: {headers['location']}")
    for problem in seen.problems:
        print(f"         ! {problem}")


def probe(base: str, static_root: Path) -> list[Seen]:
    results: list[Seen] = []
    assets: set[str] = set()
    for path, status in PAGES.items():
        seen = fetch(base, path)
        seen.problems = check_page(seen, status)
        assets |= assets_of(seen.body.decode("utf-8", errors="replace"))
        results.append(seen)
    # The dashboard's Chart.js (sign-in needed for the page itself): its hashed copy is served.
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    assets.add("/static/" + manifest["paths"]["dashboard/vendor/chartjs/chart.umd.min.js"])
    for path in sorted(assets):
        seen = fetch(base, path)
        seen.problems = check_asset(seen)
        results.append(seen)
    plain = fetch(base, "/", https=False)
    location = {k.lower(): v for k, v in plain.headers.items()}.get("location", "")
    if plain.status != 301 or not location.startswith("https://"):
        plain.problems.append("plain HTTP is not redirected to https://")
    plain.path = "/ (plain HTTP)"
    results.append(plain)
    return results


def probe_operations(base: str) -> list[Seen]:
    """/healthz, /readyz, /metrics and the request id (after probe() has asked for pages)."""
    results: list[Seen] = []
    balancer = {"Host": "10.20.30.40:8000"}  # a node asked by its address, over plain HTTP
    health = fetch(base, "/healthz", https=False, headers=balancer)
    if health.status != 200 or health.body != b"ok":
        health.problems.append("/healthz must answer 200 ok to a load balancer")
    results.append(health)
    ready = fetch(base, "/readyz", https=False, headers=balancer)
    if ready.status != 200:
        ready.problems.append(f"/readyz: {ready.body[:300]!r}")
    else:
        checks = {c["name"]: c for c in json.loads(ready.body)["checks"]}
        if not all(checks[name]["ok"] for name in ("database", "cache", "storage")):
            ready.problems.append(f"/readyz checks: {checks}")
    results.append(ready)
    refused = fetch(base, "/metrics")
    if refused.status != 401:
        refused.problems.append("/metrics without the token must answer 401")
    refused.path = "/metrics (no token)"
    results.append(refused)
    scraped = fetch(base, "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    text = scraped.body.decode("utf-8", errors="replace")
    home = re.search(
        r'tinhso_http_request_duration_seconds_count\{method="GET",route="portal:home",'
        r'status="2xx"\} (\d+)',
        text,
    )
    # probe() asked for / once over HTTPS; the plain-HTTP / was redirected (3xx)
    if scraped.status != 200 or home is None or int(home.group(1)) < 1:
        scraped.problems.append("/metrics does not count the home page under portal:home")
    scraped.path = "/metrics (token)"
    results.append(scraped)
    traced = fetch(base, "/dang-nhap/", headers={"X-Request-ID": REQUEST_ID})
    echoed = {k.lower(): v for k, v in traced.headers.items()}.get("x-request-id")
    if echoed != REQUEST_ID:
        traced.problems.append(f"X-Request-ID came back as {echoed!r}")
    traced.path = "/dang-nhap/ (X-Request-ID)"
    results.append(traced)
    return results


def access_logged(log: str) -> list[str]:
    """The request id is in gunicorn's JSON access line for that request."""
    for line in log.splitlines():
        if line.startswith("{") and REQUEST_ID in line:
            entry = json.loads(line)
            if entry.get("request_id") == REQUEST_ID and entry.get("path") == "/dang-nhap/":
                return []
    return ["gunicorn's access log has no JSON line with the request id"]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="tinhso-smoke-") as tmp:
        workdir = Path(tmp)
        env = production_env(workdir)
        database = env["DATABASE_URL"].split("@")[-1]
        print(f"Production smoke test (TINHSO_ENV=production, DEBUG=false, database {database})")
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "check", "--deploy", "--fail-level", "WARNING")
        port = free_port()
        log = workdir / "gunicorn.log"
        process = start_gunicorn(env, port, log)
        try:
            results = probe(f"http://{HOST}:{port}", workdir / "static")
            results += probe_operations(f"http://{HOST}:{port}")
        finally:
            stop(process)
        server_log = log.read_text(errors="replace")
        results[-1].problems += access_logged(server_log)
        print("What the server answered:")
        for seen in results:
            report(seen)
        failed = [seen for seen in results if seen.problems]
        if failed or "Traceback" in server_log:
            print("gunicorn log:")
            print(server_log)
            print(f"FAIL: {len(failed)} of {len(results)} answers were wrong")
            return 1
        print(f"OK: {len(results)} answers as expected; gunicorn stopped")
        return 0


if __name__ == "__main__":
    sys.exit(main())
