#!/usr/bin/env python3
"""Dossier benchmark: N dossiers with two years of history, then the pages that read them.

Creates its own database from DATABASE_URL (PostgreSQL: `tinhso_bench` on the same server,
through Django's test-database utilities), migrates it, loads the demo province, generates the
dossiers with their steps, events, pauses and sequences (COPY on PostgreSQL), and times real
requests through django.test.Client: the public tracking page, the officers' queues and the
dossier API. The database is dropped at the end unless --keep.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tinhso \
        .venv/bin/python bench/dossiers_bench.py                    # 1,000,000 dossiers
    .venv/bin/python bench/dossiers_bench.py --dossiers 20000       # SQLite is fine this small

Goals (issue #3): tracking median < 20 ms, queue median < 100 ms.
"""

import argparse
import math
import os
import random
import re
import statistics
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

SQLITE_LIMIT = 50_000
TRACK_GOAL_MS = 20.0
QUEUE_GOAL_MS = 100.0
BIG_TABLES = [
    "dossiers_dossier",
    "dossiers_dossierstep",
    "dossiers_dossierevent",
    "dossiers_dossierpause",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000, help="how many (1,000,000)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the pages on a database kept by an earlier --keep run (migrated, not refilled)",
    )
    parser.add_argument("--db-name", default="tinhso_bench", help="PostgreSQL database to create")
    parser.add_argument("--database-url", help="instead of the DATABASE_URL environment variable")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (200)")
    parser.add_argument(
        "--max-seconds", type=float, default=90, help="stop timing a page after this long (90)"
    )
    parser.add_argument("--chunk", type=int, default=50_000, help="dossiers per COPY chunk")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


ARGS = parse_args()
if ARGS.database_url:
    os.environ["DATABASE_URL"] = ARGS.database_url

import django  # noqa: E402

django.setup()

import _dossier_data as data  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from tinhso.accounts.models import StaffRole, User  # noqa: E402
from tinhso.demo.loader import DEMO_PASSWORD, load_demo  # noqa: E402
from tinhso.dossiers import selectors  # noqa: E402
from tinhso.dossiers.constants import FINAL_STATUSES, Status  # noqa: E402
from tinhso.dossiers.models import (  # noqa: E402
    Dossier,
    DossierEvent,
    DossierPause,
    DossierSequence,
    DossierStep,
)
from tinhso.dossiers.views_office import PAGE_SIZE  # noqa: E402

OFFICERS = ["chuyenvien.stp", "chuyenvien.xa"]  # tinhso.demo.loader.demo_accounts


def say(text: str = "") -> None:
    print(text, flush=True)


# --- database -----------------------------------------------------------------------------


def refuse_sqlite_if_big() -> None:
    if connection.vendor == "sqlite" and ARGS.dossiers > SQLITE_LIMIT:
        say(
            f"Refusing to generate {ARGS.dossiers:,} dossiers on SQLite: this benchmark is about "
            "how the pages hold up on the production database, PostgreSQL, with a provincial "
            f"volume of data; SQLite is only allowed up to --dossiers {SQLITE_LIMIT:,} (a quick "
            "check of the script). Set DATABASE_URL (or --database-url), e.g.\n"
            "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/tinhso "
            ".venv/bin/python bench/dossiers_bench.py"
        )
        sys.exit(2)


def reuse_database() -> str:
    from django.core.management import call_command

    old_name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = ARGS.db_name
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say(f"database: {connection.vendor} {ARGS.db_name} (reused, migrated, analysed)")
    return old_name


def create_database() -> str:
    old_name = connection.settings_dict["NAME"]
    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "postgresql":
        test["NAME"] = ARGS.db_name
    elif ARGS.keep:
        test["NAME"] = str(ROOT / "var" / "tinhso_bench.sqlite3")
    start = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    say(
        f"database: {connection.vendor} {connection.settings_dict['NAME']} "
        f"(created and migrated in {time.perf_counter() - start:.1f} s)"
    )
    return old_name


def size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


# --- generation ---------------------------------------------------------------------------


def generate() -> float:
    data.check_columns()
    start = time.perf_counter()
    gen = data.Generator(ARGS.dossiers, seed=ARGS.seed, chunk_size=ARGS.chunk, log=say)
    writer = data.Writer()
    schema = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
        schema = data.BulkLoadSchema(BIG_TABLES)
        schema.drop()
    done = 0
    t_sim = t_rows = t_copy = 0.0
    chunks = gen.chunks()
    while True:
        t0 = time.perf_counter()
        chunk = next(chunks, None)
        t1 = time.perf_counter()
        if chunk is None:
            break
        tables = gen.rows(chunk)
        t2 = time.perf_counter()
        with transaction.atomic():  # a chunk at a time (SQLite checks deferred FKs at commit)
            for table, (columns, rows) in tables.items():
                writer.write(table, columns, rows)
        t3 = time.perf_counter()
        t_sim, t_rows, t_copy = t_sim + t1 - t0, t_rows + t2 - t1, t_copy + t3 - t2
        done += len(chunk.states)
        elapsed = time.perf_counter() - start
        eta = elapsed / done * (ARGS.dossiers - done)
        say(
            f"  {done:>9,} / {ARGS.dossiers:,} dossiers  {elapsed:6.1f} s  "
            f"(simulate {t_sim:.0f} s, rows {t_rows:.0f} s, write {t_copy:.0f} s; "
            f"eta {eta:.0f} s)"
        )
    columns, rows = gen.sequence_rows()
    with transaction.atomic():
        DossierSequence.objects.all().delete()
        writer.write(DossierSequence._meta.db_table, columns, rows)
    loaded = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [Dossier, DossierStep, DossierEvent, DossierPause, DossierSequence]
        ):
            cursor.execute(sql)
    if schema is not None:
        schema.restore(say)
    indexed = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # what autovacuum does in production
            cursor.execute("RESET synchronous_commit")
            for table in [*BIG_TABLES, "dossiers_dossiersequence"]:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        else:
            cursor.execute("ANALYZE")
    end = time.perf_counter()
    say(
        f"generated {done:,} dossiers in {end - start:.1f} s: load {loaded - start:.1f} s "
        f"(simulate {t_sim:.1f}, rows {t_rows:.1f}, write {t_copy:.1f}), "
        f"indexes + constraints {indexed - loaded:.1f} s, vacuum/analyze {end - indexed:.1f} s"
    )
    report_mix(gen)
    return end - start


def report_mix(gen: "data.Generator") -> None:
    c = gen.counts
    n = sum(c[s] for s in Status.values)
    say("status mix: " + ", ".join(f"{s} {100 * c[s] / n:.2f}%" for s in Status.values if c[s]))
    open_n = sum(c[s] for s in Status.values if s not in FINAL_STATUSES)
    say(f"  open {open_n:,} ({100 * open_n / n:.2f}%), with a pause {100 * c['paused'] / n:.1f}%")
    say(
        "channels: "
        + ", ".join(
            f"{k.split(':')[1]} {100 * v / n:.1f}%"
            for k, v in c.items()
            if k.startswith("channel:")
        )
    )
    timed = sum(v for k, v in c.items() if k.startswith("timeliness:"))
    say(
        "timeliness (decided dossiers): "
        + ", ".join(
            f"{k.split(':')[1]} {100 * v / timed:.1f}%"
            for k, v in sorted(c.items())
            if k.startswith("timeliness:")
        )
    )
    say(f"calendar calls (after caching): {dict(gen.calendar_calls)}")
    with connection.cursor() as cursor:
        for model, label in ((DossierStep, "steps"), (DossierEvent, "events")):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT min(k), avg(k), max(k) FROM (SELECT count(*) AS k FROM {table} "  # noqa: S608
                "GROUP BY dossier_id) t"
            )
            lo, avg, hi = cursor.fetchone()
            say(f"  {label} per dossier having any: min {lo}, avg {float(avg):.2f}, max {hi}")


def report_sizes() -> None:
    if connection.vendor != "postgresql":
        return
    tables = [*BIG_TABLES, "dossiers_dossiersequence"]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, c.reltuples::bigint, pg_relation_size(c.oid),
                   pg_indexes_size(c.oid), pg_total_relation_size(c.oid)
            FROM pg_class c WHERE c.relname = ANY(%s) ORDER BY pg_total_relation_size(c.oid) DESC
            """,
            [tables],
        )
        say(f"{'table':<28} {'rows':>12} {'heap':>10} {'indexes':>10} {'total':>10}")
        for name, rows, heap, indexes, total in cursor.fetchall():
            say(f"{name:<28} {rows:>12,} {size(heap):>10} {size(indexes):>10} {size(total):>10}")
        cursor.execute("SELECT pg_database_size(current_database())")
        say(f"database size: {size(cursor.fetchone()[0])}")


# --- timing -------------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    user: User | None
    urls: list[str]
    goal: float | None = None


@dataclass
class Result:
    page: Page
    times: list[float]
    queries: int
    sql_ms: float
    captured: list[dict]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]


def run_page(page: Page) -> Result | None:
    client = Client()
    if page.user is not None:
        client.force_login(page.user)
    try:
        for url in page.urls[:5]:  # warm caches and connections
            response = client.get(url)
            if response.status_code != 200:
                say(f"!! {page.label}: {url} answered {response.status_code}")
                say(response.content.decode(errors="replace")[:2000])
                return None
        times = []
        deadline = time.perf_counter() + ARGS.max_seconds
        for url in page.urls[: ARGS.requests]:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            if time.perf_counter() > deadline:
                break
        with CaptureQueriesContext(connection) as ctx:
            client.get(page.urls[0])
    except Exception:
        say(f"!! {page.label} failed:")
        traceback.print_exc()
        return None
    sql_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
    return Result(page, times, len(ctx.captured_queries), sql_ms, list(ctx.captured_queries))


EXPLAINED: set[str] = set()


def explain(result: Result) -> None:
    """EXPLAIN ANALYZE the slowest queries of a page that misses its goal (each shape once)."""
    slow = sorted(result.captured, key=lambda q: float(q["time"]), reverse=True)[:3]
    say(f"\n--- {result.page.label}: the slowest queries of one request, explained")
    shown = 0
    with connection.cursor() as cursor:
        for q in slow:
            shape = re.sub(r"\d+", "0", q["sql"])
            if float(q["time"]) * 1000 < 5 or shape in EXPLAINED:
                continue
            EXPLAINED.add(shape)
            shown += 1
            say(f"\n[{float(q['time']) * 1000:.1f} ms] {q['sql']}")
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + q["sql"])
            for row in cursor.fetchall():
                say("    " + " | ".join(str(v) for v in row))
    if not shown:
        say("    (nothing slower than 5 ms that was not explained above)")


def pages(rng: random.Random) -> list[Page]:
    n = ARGS.requests + 5
    ids = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picked = [rng.randint(1, ids) for _ in range(n * 2)]
    codes = list(Dossier.objects.filter(pk__in=picked).values_list("code", flat=True))
    rng.shuffle(codes)
    result = [
        Page(
            "GET /tra-cuu/?ma=<random code>",
            None,
            [f"/tra-cuu/?ma={c}" for c in codes[:n]],
            TRACK_GOAL_MS,
        )
    ]
    for username in OFFICERS:
        user = User.objects.get(username=username)
        agency_ids = list(StaffRole.objects.filter(user=user).values_list("agency_id", flat=True))
        mine = selectors.queue(user, "viec-cua-toi").count()
        every = selectors.queue(user, "tat-ca").count()
        say(
            f"{username}: {mine:,} dossiers in 'viec-cua-toi' "
            f"({math.ceil(mine / PAGE_SIZE)} pages), {every:,} visible"
        )
        mine_pages = max(1, math.ceil(mine / PAGE_SIZE))
        every_pages = max(1, math.ceil(every / PAGE_SIZE))
        visible = list(
            Dossier.objects.filter(competent_agency_id__in=agency_ids)
            .order_by("?")
            .values_list("code", flat=True)[:n]
        )
        who = f"[{username}]"
        base = "/can-bo/ho-so/danh-sach"
        result += [
            Page(f"GET /can-bo/ {who}", user, ["/can-bo/"] * n, QUEUE_GOAL_MS),
            Page(
                f"GET /can-bo/?page=<random> {who}",
                user,
                [f"/can-bo/?page={rng.randint(1, mine_pages)}" for _ in range(n)],
                QUEUE_GOAL_MS,
            ),
            Page(f"GET {base}/qua-han/ {who}", user, [f"{base}/qua-han/"] * n, QUEUE_GOAL_MS),
            Page(
                f"GET {base}/sap-den-han/ {who}", user, [f"{base}/sap-den-han/"] * n, QUEUE_GOAL_MS
            ),
            Page(f"GET {base}/tat-ca/ {who}", user, [f"{base}/tat-ca/"] * n, QUEUE_GOAL_MS),
            Page(
                f"GET {base}/tat-ca/?page=<random> {who}",
                user,
                [f"{base}/tat-ca/?page={rng.randint(1, every_pages)}" for _ in range(n)],
                QUEUE_GOAL_MS,
            ),
            Page(
                f"GET /api/v1/dossiers/<code> {who}",
                user,
                [f"/api/v1/dossiers/{c}" for c in visible],
            ),
            Page(
                f"GET /can-bo/ho-so/<code>/ {who}", user, [f"/can-bo/ho-so/{c}/" for c in visible]
            ),
        ]
    return result


def measure() -> list[Result]:
    rng = random.Random(ARGS.seed + 1)
    results = []
    say(f"\n{'page':<58} {'n':>4} {'median':>9} {'p95':>9} {'queries':>8} {'SQL ms':>7}  goal")
    for page in pages(rng):
        result = run_page(page)
        if result is None:
            continue
        results.append(result)
        verdict = ""
        if page.goal is not None:
            verdict = f"< {page.goal:.0f} ms " + ("ok" if result.median < page.goal else "MISSED")
        say(
            f"{page.label:<58} {len(result.times):>4} {result.median:>6.1f} ms "
            f"{result.p95:>6.1f} ms {result.queries:>8} {result.sql_ms:>7.1f}  {verdict}"
        )
    return results


def real_passwords(hasher_path: str) -> int:
    """Give every account hashed with the set-up's MD5 the demo password under the server's
    own hasher: a server run on this database (bench/load_bench.py, gunicorn) does not know
    MD5, so its officers could not sign in. One hash serves all (the same password and salt:
    a bench database, never a real one); computing a slow hash per account would take hours."""
    hasher = import_string(hasher_path)()
    encoded = hasher.encode(DEMO_PASSWORD, hasher.salt())
    md5 = User.objects.filter(password__startswith="md5$")  # noqa: S106 — a hash prefix
    return md5.update(password=encoded)


def main() -> None:
    refuse_sqlite_if_big()
    setup_test_environment(debug=False)
    server_hasher = settings.PASSWORD_HASHERS[0]
    # MD5 only while the set-up creates accounts (thousands of them); real_passwords after.
    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()
    if ARGS.reuse:
        ARGS.keep = True
    old_name = reuse_database() if ARGS.reuse else create_database()
    try:
        if not ARGS.reuse:
            start = time.perf_counter()
            report = load_demo()
            say(
                f"demo province loaded in {time.perf_counter() - start:.1f} s "
                f"({getattr(report, 'dossiers_created', 0)} demo dossiers)"
            )
            generate()
        say(f"{real_passwords(server_hasher)} accounts can sign in on a real server")
        report_sizes()
        results = measure()
        missed = [r for r in results if r.page.goal is not None and r.median >= r.page.goal]
        for result in missed:
            explain(result)
    finally:
        name = connection.settings_dict["NAME"]
        if ARGS.keep:
            say(f"\nkept database {name}")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            say(f"\ndropped database {name}")


if __name__ == "__main__":
    main()
