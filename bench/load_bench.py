#!/usr/bin/env python3
"""Load bench: the app under gunicorn on PostgreSQL, driven by concurrent keep-alive clients.

Sets up (or reuses) a PostgreSQL database with the demo province, starts gunicorn with the
production settings (4 sync workers, persistent connections unless --conn-max-age 0) and the
bench URLconf (bench/bench_urls.py: a bare HttpResponse view and a bare one-INSERT view), then
runs each scenario for --duration seconds with --clients threads. Every round interleaves the
bare views with the scenario, so each figure is printed beside its own baseline measured in
the same seconds on the same server: req/s, p50, p95 and the ratio to the one-insert view.

Scenarios (issue 17 §7): online submission through /api/v1/online (draft, three 100 KB PDFs,
submit; the dossiers are counted afterwards: none lost), public tracking, the officers' queue
with --officers signed-in officers, GET /api/v1/dossiers/{code}, national-portal intake.

    .venv/bin/python bench/load_bench.py                      # bench_throughput, small
    .venv/bin/python bench/load_bench.py --duration 20 --clients 8
    .venv/bin/python bench/load_bench.py --dossiers 1000000   # bulk history first (slow)

--dossiers N fills the database through bench/dossiers_bench.py's generator first (COPY).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SECRET = "bench-" + "k" * 60  # the server's SECRET_KEY: tracking keys are computed here too
PORTAL_SECRET = "bench-portal-secret"  # noqa: S105 — the bench server's own


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_throughput")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/15", help="cache (rate limits)")
    p.add_argument("--duration", type=float, default=10, help="seconds per scenario (10)")
    p.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    p.add_argument("--officers", type=int, default=16, help="concurrent officers (16)")
    p.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (4)")
    p.add_argument("--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE (60)")
    p.add_argument("--dossiers", type=int, default=0, help="bulk dossiers to add first (0)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--only", default="", help="comma-separated scenario names")
    p.add_argument("--app-root", default=str(ROOT), help="checkout whose src/ gunicorn serves")
    return p.parse_args()


ARGS = parse_args()
ENV = {
    "TINHSO_ENV": "production",
    "DJANGO_SETTINGS_MODULE": "bench_settings",
    "SECRET_KEY": SECRET,
    "DATABASE_URL": ARGS.database_url,
    "DB_CONN_MAX_AGE": str(ARGS.conn_max_age),
    "CACHE_URL": ARGS.redis_url,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "NATIONAL_PORTAL_INBOUND_SECRET": PORTAL_SECRET,
    "RATE_LIMIT_TRACKING": "100000000/60",
    "RATE_LIMIT_TRACKING_PROOF": "100000000/60",
    "LOG_FORMAT": "text",
    "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
    "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
}
os.environ.update(ENV)
sys.path[:0] = [str(BENCH), str(Path(ARGS.app_root).resolve() / "src")]

import django  # noqa: E402

django.setup()

from _load_setup import PDF_KB, Fixture, database_ready, pdf_bytes, prepare, say  # noqa: E402
from django.db import connection  # noqa: E402

from tinhso.demo.loader import DEMO_PASSWORD  # noqa: E402
from tinhso.dossiers.models import Dossier  # noqa: E402

# --- the server -------------------------------------------------------------------------------


def start_server() -> subprocess.Popen[bytes]:
    app = Path(ARGS.app_root)
    env = dict(os.environ)
    env["PYTHONPATH"] = f"{BENCH}:{app / 'src'}"
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "tinhso.wsgi:application",
        "--workers",
        str(ARGS.workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{ARGS.port}",
        "--log-level",
        "warning",
        "--chdir",
        str(app),
    ]
    server = subprocess.Popen(cmd, env=env, start_new_session=True)  # noqa: S603
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", ARGS.port, timeout=2)
            conn.request("GET", "/bench/bare/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not answer")


# --- clients ---------------------------------------------------------------------------------


class Client:
    """One keep-alive connection with its cookies (the proxy's X-Forwarded-Proto: https)."""

    def __init__(self) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", ARGS.port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        h = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{ARGS.port}"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(headers or {})
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=h)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", ARGS.port, timeout=60)
                if attempt:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data


def multipart(name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def sign_in(client: Client, username: str) -> None:
    status, page = client.request("GET", "/dang-nhap/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    csrf = token.group(1).decode()
    body = f"csrfmiddlewaretoken={csrf}&username={username}&password={DEMO_PASSWORD}"
    origin = f"https://127.0.0.1:{ARGS.port}"
    status, _ = client.request(
        "POST",
        "/dang-nhap/",
        body.encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + "/dang-nhap/",
        },
    )
    if status != 302:
        raise SystemExit(f"officer {username} could not sign in ({status})")


@dataclass
class Scenario:
    name: str
    clients: int
    make: Callable[[int], Callable[[], bool]]  # client index → one unit of work → ok?


@dataclass
class Timing:
    times: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, ok: bool) -> None:
        with self.lock:
            self.times.append(seconds)
            if not ok:
                self.errors += 1


def scenarios(fx: Fixture) -> list[Scenario]:
    pdf = pdf_bytes(PDF_KB)
    online = fx.online

    def submission(i: int) -> Callable[[], bool]:
        c = Client()
        auth = {"Authorization": f"Bearer {fx.citizen_tokens[i % len(fx.citizen_tokens)]}"}

        def run() -> bool:
            draft = json.dumps(
                {
                    "procedure_code": online.code,
                    "receiving_agency": online.agency,
                    "answers": online.answers,
                    "delivery_mode": online.delivery,
                    "postal_address": "12 Trần Hưng Đạo, Tây Ninh",
                }
            ).encode()
            status, data = c.request(
                "POST", "/api/v1/online/drafts", draft, {**auth, "Content-Type": "application/json"}
            )
            if status != 201:
                return False
            draft_id = json.loads(data)["id"]
            for component in online.components:
                body, kind = multipart("file", "giay-to.pdf", pdf)
                status, _ = c.request(
                    "POST",
                    f"/api/v1/online/drafts/{draft_id}/files/{component}",
                    body,
                    {**auth, "Content-Type": kind},
                )
                if status != 200:
                    return False
            status, _ = c.request(
                "POST",
                f"/api/v1/online/drafts/{draft_id}/submit",
                b"",
                {**auth, "Content-Type": "application/json"},
            )
            return status == 201

        return run

    def tracking(i: int) -> Callable[[], bool]:
        c = Client()
        n = [i]

        def run() -> bool:
            code, key = fx.tracking[n[0] % len(fx.tracking)]
            n[0] += 7
            return c.request("GET", f"/tra-cuu/?ma={code}&k={key}")[0] == 200

        return run

    def queue(i: int) -> Callable[[], bool]:
        c = Client()
        sign_in(c, fx.officers[i % len(fx.officers)])

        def run() -> bool:
            return c.request("GET", "/can-bo/")[0] == 200

        return run

    def api_detail(i: int) -> Callable[[], bool]:
        c = Client()
        n = [i]
        auth = {"Authorization": f"Bearer {fx.officer_token}"}

        def run() -> bool:
            code = fx.api_codes[n[0] % len(fx.api_codes)]
            n[0] += 3
            return c.request("GET", f"/api/v1/dossiers/{code}", headers=auth)[0] == 200

        return run

    def portal(i: int) -> Callable[[], bool]:
        c = Client()

        def run() -> bool:
            data = dict(fx.portal, external_id=f"BENCH-{uuid.uuid4().hex[:20]}")
            body = json.dumps(data).encode()
            ts = str(int(time.time()))
            mac = hmac.new(PORTAL_SECRET.encode(), ts.encode() + b"." + body, hashlib.sha256)
            headers = {
                "Content-Type": "application/json",
                "X-Timestamp": ts,
                "X-Signature": f"sha256={mac.hexdigest()}",
            }
            return c.request("POST", "/api/v1/national-portal/dossiers", body, headers)[0] == 201

        return run

    return [
        Scenario("online submission (3 × 100 KB PDF)", ARGS.clients, submission),
        Scenario("public tracking", ARGS.clients, tracking),
        Scenario(f"officer queue ({ARGS.officers} officers)", ARGS.officers, queue),
        Scenario("GET /api/v1/dossiers/{code}", ARGS.clients, api_detail),
        Scenario("national-portal intake", ARGS.clients, portal),
    ]


def bare(path: str, method: str = "GET") -> Callable[[int], Callable[[], bool]]:
    def make(i: int) -> Callable[[], bool]:
        c = Client()
        return lambda: c.request(method, path, b"" if method == "POST" else None)[0] == 200

    return make


def drive(
    units: dict[str, tuple[int, Callable[[int], Callable[[], bool]]]], seconds: float
) -> dict[str, tuple[Timing, float]]:
    """Run each named workload with its clients in rounds of one second, one workload at a time
    within a round (interleaved), for `seconds` in all; the time each got, per workload."""
    workers = {name: [make(i) for i in range(n)] for name, (n, make) in units.items()}
    timings = {name: Timing() for name in units}
    spent = dict.fromkeys(units, 0.0)
    rounds = max(1, int(seconds))
    for _ in range(rounds):
        for name, runs in workers.items():
            stop = time.perf_counter() + 1.0

            def loop(
                run: Callable[[], bool], timing: Timing = timings[name], stop: float = stop
            ) -> None:
                while time.perf_counter() < stop:
                    t = time.perf_counter()
                    try:
                        ok = run()
                    except Exception:
                        ok = False
                    timing.add(time.perf_counter() - t, ok)

            start = time.perf_counter()
            threads = [threading.Thread(target=loop, args=(r,)) for r in runs]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            spent[name] += time.perf_counter() - start
    return {name: (timings[name], spent[name]) for name in units}


def line(name: str, timing: Timing, seconds: float, baseline: float | None) -> str:
    n = len(timing.times)
    rate = n / seconds if seconds else 0.0
    times = sorted(timing.times) or [0.0]
    p50 = statistics.median(times) * 1000
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))] * 1000
    ratio = f"{rate / baseline:6.2f}" if baseline else "     -"
    return f"{name:<40} {rate:8.1f} {p50:8.1f} {p95:8.1f} {ratio}  {n:>6} {timing.errors:>4}"


def main() -> None:
    database_ready(ARGS.dossiers)
    fx = prepare(ARGS.clients)
    before = Dossier.objects.count()
    connection.close()
    load = os.getloadavg()
    say(
        f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
        f"{os.cpu_count()} CPUs; gunicorn {ARGS.workers} sync workers, "
        f"DB_CONN_MAX_AGE={ARGS.conn_max_age}"
    )
    server = start_server()
    submitted = {"n": 0}
    try:
        wanted = {s.strip() for s in ARGS.only.split(",") if s.strip()}
        say(
            f"\n{'scenario':<40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'×insert':>6}"
            f"  {'n':>6} {'err':>4}"
        )
        for scenario in scenarios(fx):
            if wanted and not any(w in scenario.name for w in wanted):
                continue
            got = drive(
                {
                    "bare HttpResponse": (ARGS.clients, bare("/bench/bare/")),
                    "bare one-insert view": (ARGS.clients, bare("/bench/insert/", "POST")),
                    scenario.name: (scenario.clients, scenario.make),
                },
                ARGS.duration,
            )
            insert_timing, insert_s = got["bare one-insert view"]
            baseline = len(insert_timing.times) / insert_s if insert_s else None
            for name, (timing, seconds) in got.items():
                say(line(name if name == scenario.name else f"  {name}", timing, seconds, baseline))
            if scenario.name.startswith(("online", "national")):
                t = got[scenario.name][0]
                submitted["n"] += len(t.times) - t.errors
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    after = Dossier.objects.count()
    say(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    say(f"dossiers: {before} before, {after} after ({after - before} new)")
    lost = submitted["n"] - (after - before)
    say(f"intakes answered 201 (online + national portal): {submitted['n']}; lost: {lost}")


if __name__ == "__main__":
    main()
