#!/usr/bin/env python3
"""Where an intake's time goes: cProfile in-process (py-spy is not installed here).

Runs --count national-portal intakes and --count online submissions (draft, three 100 KB
PDFs, submit) through django.test.Client against the bench database that bench/load_bench.py
prepared, under cProfile, and prints the queries per intake and the functions that take the
most time (own time and cumulative). --app-root profiles another checkout's code:

    .venv/bin/python bench/profile_intake.py --count 30
    .venv/bin/python bench/profile_intake.py --app-root var/i17-src   # the code before
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--count", type=int, default=30)
parser.add_argument("--top", type=int, default=25)
parser.add_argument("--app-root", default=str(ROOT), help="checkout whose src/ is profiled")
ARGS = parser.parse_args()

# load_bench's defaults: the same database and environment, and the code of --app-root.
sys.argv = [sys.argv[0], "--app-root", ARGS.app_root]
sys.path.insert(0, str(ROOT / "bench"))
import load_bench as lb  # noqa: E402  (sets the environment and django.setup())
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402


def main() -> None:
    import tinhso

    lb.say(f"code: {Path(tinhso.__file__).parent}")
    lb.database_ready()
    fx = lb.prepare(1)
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {fx.citizen_tokens[0]}"}
    pdf = lb.pdf_bytes(lb.PDF_KB)

    def portal() -> None:
        data = dict(fx.portal, external_id=f"PROF-{time.time_ns()}")
        body = json.dumps(data).encode()
        ts = str(int(time.time()))
        import hashlib
        import hmac

        mac = hmac.new(lb.PORTAL_SECRET.encode(), ts.encode() + b"." + body, hashlib.sha256)
        r = client.post(
            "/api/v1/national-portal/dossiers",
            body,
            content_type="application/json",
            HTTP_X_TIMESTAMP=ts,
            HTTP_X_SIGNATURE=f"sha256={mac.hexdigest()}",
        )
        assert r.status_code == 201, r.content

    def online() -> None:
        o = fx.online
        r = client.post(
            "/api/v1/online/drafts",
            {
                "procedure_code": o.code,
                "receiving_agency": o.agency,
                "answers": o.answers,
                "delivery_mode": o.delivery,
                "postal_address": "12 Trần Hưng Đạo, Tây Ninh",
            },
            content_type="application/json",
            **auth,
        )
        assert r.status_code == 201, r.content
        draft = r.json()["id"]
        from django.core.files.uploadedfile import SimpleUploadedFile

        for component in o.components:
            upload = SimpleUploadedFile("giay-to.pdf", pdf, "application/pdf")
            r = client.post(
                f"/api/v1/online/drafts/{draft}/files/{component}", {"file": upload}, **auth
            )
            assert r.status_code == 200, r.content
        r = client.post(f"/api/v1/online/drafts/{draft}/submit", **auth)
        assert r.status_code == 201, r.content

    for name, run in (("national-portal intake", portal), ("online submission", online)):
        run()  # warm: imports, templates, the day's rows
        with override_settings(DEBUG=True):
            reset_queries()
            run()
            queries = len(connection.queries)
        profile = cProfile.Profile()
        start = time.perf_counter()
        profile.enable()
        for _ in range(ARGS.count):
            run()
        profile.disable()
        took = (time.perf_counter() - start) / ARGS.count * 1000
        lb.say(f"\n=== {name}: {queries} queries, {took:.1f} ms wall per intake in-process ===")
        # Own time anywhere, then the app's functions by cumulative time.
        for order, only in (("tottime", ""), ("cumulative", "tinhso/")):
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(order).print_stats(only, ARGS.top)
            body = out.getvalue()
            lb.say(body[body.find("   ncalls") :].rstrip())


if __name__ == "__main__":
    main()
