#!/usr/bin/env python3
"""Statistics benchmark: N dossiers (bench/_dossier_data.py, as bench/dossiers_bench.py makes
them), then `statistics_rebuild` from scratch, then the province report for a year and the
dashboard's selectors, timed (median and p95 of --repeat runs).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tinhso \
        .venv/bin/python bench/statistics_bench.py                  # 2,000,000 dossiers
    .venv/bin/python bench/statistics_bench.py --dossiers 200000   # smaller
    .venv/bin/python bench/statistics_bench.py --keep              # keep the database, then
    .venv/bin/python bench/statistics_bench.py --reuse             # time again (--rebuild too)

Goals (issue #5): the province report for a year < 500 ms, the dashboard < 1 s (median):
timed as the page's build (pages.build) and as whole pages through Django's test client.
"""

import argparse
import math
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

REPORT_GOAL_MS = 500.0
DASHBOARD_GOAL_MS = 1000.0
BIG_TABLES = [
    "dossiers_dossier",
    "dossiers_dossierstep",
    "dossiers_dossierevent",
    "dossiers_dossierpause",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, default=2_000_000, help="how many (2,000,000)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database (no refill)")
    parser.add_argument(
        "--rebuild", action="store_true", help="with --reuse: rebuild the aggregates again"
    )
    parser.add_argument("--db-name", default="tinhso_stats_bench")
    parser.add_argument("--database-url", help="instead of the DATABASE_URL environment variable")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per selector (20)")
    parser.add_argument("--chunk", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


ARGS = parse_args()
if ARGS.database_url:
    os.environ["DATABASE_URL"] = ARGS.database_url

import django  # noqa: E402

django.setup()

import _dossier_data as data  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from tinhso.accounts.models import User  # noqa: E402
from tinhso.dashboard import pages  # noqa: E402
from tinhso.dashboard.periods import default_period  # noqa: E402
from tinhso.dashboard.selectors import Scope  # noqa: E402
from tinhso.demo.loader import load_demo  # noqa: E402
from tinhso.dossiers.models import (  # noqa: E402
    Dossier,
    DossierEvent,
    DossierPause,
    DossierSequence,
    DossierStep,
)
from tinhso.organisation.models import Agency  # noqa: E402
from tinhso.ratings.models import Rating  # noqa: E402
from tinhso.statistics import month_ends, selectors  # noqa: E402
from tinhso.statistics.models import DailyFigures, DailyStepFigures  # noqa: E402


def say(text: str = "") -> None:
    print(text, flush=True)


def create_database() -> str:
    old_name = connection.settings_dict["NAME"]
    if ARGS.reuse:
        connection.close()
        connection.settings_dict["NAME"] = ARGS.db_name
        call_command("migrate", verbosity=0)
        say(f"database: {ARGS.db_name} (reused)")
        return old_name
    if connection.vendor == "postgresql":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = ARGS.db_name
    start = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    say(f"database: {connection.settings_dict['NAME']} ({time.perf_counter() - start:.1f} s)")
    return old_name


def generate() -> None:
    """The dossiers, steps, events and pauses of bench/_dossier_data.py, COPYed in bulk (the
    same loading as bench/dossiers_bench.py; aggregates are NOT kept during a bulk load)."""
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
    for chunk in gen.chunks():
        with transaction.atomic():
            for table, (columns, rows) in gen.rows(chunk).items():
                writer.write(table, columns, rows)
        done += len(chunk.states)
        say(f"  {done:>9,} / {ARGS.dossiers:,} dossiers  {time.perf_counter() - start:6.1f} s")
    columns, rows = gen.sequence_rows()
    with transaction.atomic():
        DossierSequence.objects.all().delete()
        writer.write(DossierSequence._meta.db_table, columns, rows)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [Dossier, DossierStep, DossierEvent, DossierPause, DossierSequence]
        ):
            cursor.execute(sql)
    if schema is not None:
        schema.restore(say)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("RESET synchronous_commit")
            for table in BIG_TABLES:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        else:
            cursor.execute("ANALYZE")
    say(f"generated {done:,} dossiers in {time.perf_counter() - start:.1f} s")


RATE_SQL = """
INSERT INTO ratings_rating (dossier_id, applicant_id, level, comment, receiving_agency_id,
    competent_agency_id, procedure_id, procedure_version_id, channel, rated_at)
SELECT d.id, %s,
    CASE WHEN d.id %% 10 < 2 THEN 'very_satisfied' WHEN d.id %% 10 < 9 THEN 'satisfied'
         ELSE 'dissatisfied' END,
    '', d.receiving_agency_id, d.competent_agency_id, v.procedure_id, d.procedure_version_id,
    d.channel, d.returned_at
FROM dossiers_dossier d JOIN catalogue_procedureversion v ON v.id = d.procedure_version_id
WHERE d.returned_at IS NOT NULL AND d.id %% 5 < 2
"""


def rate() -> None:
    """Two in five returned dossiers rated when returned (the satisfaction figures read the
    ratings table live: without rows the bench would not time them)."""
    if Rating.objects.exists():
        say(f"ratings: {Rating.objects.count():,} (kept)")
        return
    start = time.perf_counter()
    applicant = User.objects.filter(is_staff=False).order_by("pk").first()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(RATE_SQL, [applicant.pk])
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE ratings_rating")
    took = time.perf_counter() - start
    say(f"ratings: {Rating.objects.count():,} in {took:.1f} s")


def rebuild() -> None:
    start = time.perf_counter()
    call_command("statistics_rebuild")
    took = time.perf_counter() - start
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE) statistics_dailyfigures")
            cursor.execute("VACUUM (ANALYZE) statistics_dailystepfigures")
    say(
        f"statistics_rebuild: {took:.1f} s → {DailyFigures.objects.count():,} daily rows, "
        f"{DailyStepFigures.objects.count():,} step rows"
    )


def close_months() -> None:
    start = time.perf_counter()
    closed = month_ends.close_months(month_ends.ended_months(timezone.now()))
    took = time.perf_counter() - start
    say(f"statistics_close_months: {len(closed)} month ends closed in {took:.1f} s")


def timed(label: str, fn, goal: float | None = None) -> float:
    fn()  # warm
    times = []
    for _ in range(ARGS.repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    p95 = sorted(times)[max(0, math.ceil(len(times) * 0.95) - 1)]
    verdict = "" if goal is None else f"< {goal:.0f} ms " + ("ok" if median < goal else "MISSED")
    say(f"{label:<58} {median:>8.1f} ms {p95:>8.1f} ms  {verdict}")
    return median


def measure() -> None:
    today = timezone.localdate()
    year = (today - timedelta(days=364), today)
    last_year = (
        today.replace(year=today.year - 1, month=1, day=1),
        today.replace(year=today.year - 1, month=12, day=31),
    )
    leader = (
        User.objects.filter(staff_roles__role="province_leader").first()
        or User.objects.filter(is_superuser=True).first()
    )
    say(f"\n{'selector':<58} {'median':>11} {'p95':>11}")
    report = timed(
        "figures(last 365 days, province)",
        lambda: selectors.figures(*year),
        REPORT_GOAL_MS,
    )
    timed(
        "figures(previous calendar year, province) – past end",
        lambda: selectors.figures(*last_year),
    )
    parts = {
        "figures(province)": lambda: selectors.figures(*year),
        "figures(group_by=month)": lambda: selectors.figures(*year, group_by="month"),
        "figures(group_by=agency)": lambda: selectors.figures(*year, group_by="agency"),
        "index_766(province)": lambda: selectors.index_766(*year),
        "index_766(level=agency)": lambda: selectors.index_766(*year, level="agency"),
        "at_risk(province leader)": lambda: selectors.at_risk(leader),
    }
    for label, fn in parts.items():
        timed(label, fn)

    def dashboard_separately():
        for fn in parts.values():
            fn()

    timed("dashboard selectors one by one (before: 5 reads)", dashboard_separately)
    timed("figures(group_by=procedure)", lambda: selectors.figures(*year, group_by="procedure"))
    period = default_period(today)
    whole = timed(
        f"pages.build province {period.start:%d/%m}–{period.end:%d/%m/%Y} (one read)",
        lambda: pages.build(period.start, period.end, Scope(), by_agency=True),
        DASHBOARD_GOAL_MS,
    )
    busiest = (
        Dossier.objects.values("competent_agency_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["competent_agency_id"]
    )
    agency = Agency.objects.get(pk=busiest)
    timed(
        f"pages.build agency {agency.code} (busiest)",
        lambda: pages.build(period.start, period.end, Scope([agency.pk]), by_agency=False),
        DASHBOARD_GOAL_MS,
    )
    client = Client()
    client.force_login(leader)
    page = timed(
        "GET /can-bo/dieu-hanh/ (province leader, whole page)",
        lambda: _get(client, "/can-bo/dieu-hanh/"),
        DASHBOARD_GOAL_MS,
    )
    timed(
        f"GET /can-bo/dieu-hanh/co-quan/{agency.code}/",
        lambda: _get(client, f"/can-bo/dieu-hanh/co-quan/{agency.code}/"),
        DASHBOARD_GOAL_MS,
    )
    timed(
        "GET /can-bo/dieu-hanh/?tu=01/01/2025&den=31/12/2025 (last year)",
        lambda: _get(client, "/can-bo/dieu-hanh/?tu=01/01/2025&den=31/12/2025"),
        DASHBOARD_GOAL_MS,
    )
    say(f"\nprovince report {report:.1f} ms; dashboard build {whole:.1f} ms; page {page:.1f} ms")


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")


def main() -> None:
    setup_test_environment(debug=False)
    old_name = create_database()
    try:
        if not ARGS.reuse:
            start = time.perf_counter()
            load_demo()
            say(f"demo province loaded in {time.perf_counter() - start:.1f} s")
            generate()
        rate()
        if not ARGS.reuse or ARGS.rebuild:
            rebuild()
        close_months()
        measure()
    finally:
        if ARGS.keep or ARGS.reuse:
            say(f"\nkept database {connection.settings_dict['NAME']}")
        else:
            name = connection.settings_dict["NAME"]
            connection.creation.destroy_test_db(old_name, verbosity=0)
            say(f"\ndropped database {name}")


if __name__ == "__main__":
    main()
