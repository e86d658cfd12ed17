#!/usr/bin/env python3
"""Catalogue search benchmark: 2,000 procedures, 200 searches, median and p95.

Runs against a throw-away test database on whatever DATABASE_URL points at (SQLite by
default), so it never touches the working data:

    .venv/bin/python bench/catalogue_search.py
    DATABASE_URL=postgres://tinhso:tinhso@127.0.0.1:5432/tinhso \
        .venv/bin/python bench/catalogue_search.py

Goal (issue #2): median < 50 ms on both databases.
"""

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from tinhso.catalogue import selectors, services  # noqa: E402
from tinhso.core.text import fold  # noqa: E402
from tinhso.demo.loader import DATA_FILE, _load_agencies, _load_units  # noqa: E402

PROCEDURES = 2000
SEARCHES = 200
QUALIFIERS = [
    "đối với cá nhân",
    "đối với tổ chức",
    "có yếu tố nước ngoài",
    "trong khu công nghiệp",
    "cho người nước ngoài",
    "lần đầu",
    "cấp lại",
    "điều chỉnh",
    "gia hạn",
    "cấp đổi",
    "tại khu vực biên giới",
    "đối với hộ gia đình",
    "trường hợp bị mất",
    "trường hợp bị hỏng",
    "theo yêu cầu",
    "cho doanh nghiệp nhỏ và vừa",
    "trên địa bàn xã",
    "có thời hạn",
]


def build_records(data: dict) -> list[dict]:
    base = data["procedures"]
    rng = random.Random(2026)
    records = []
    for n in range(PROCEDURES):
        template = dict(base[n % len(base)])
        if n >= len(base):
            extra = rng.sample(QUALIFIERS, k=rng.randint(1, 2))
            template["name"] = f"{template['name']} {' '.join(extra)}"
            template["code"] = f"{8 + n // 1_000_000}.{n:06d}"
        records.append((f"#{n}", template))
    return records


def sample_queries(names: list[str]) -> list[str]:
    rng = random.Random(766)
    queries = []
    for _ in range(SEARCHES):
        words = rng.choice(names).split()
        start = rng.randrange(max(1, len(words) - 2))
        phrase = " ".join(words[start : start + rng.randint(1, 3)])
        queries.append(fold(phrase) if rng.random() < 0.5 else phrase.lower())
    return queries


def timed(fn, queries: list[str]) -> tuple[float, float]:
    times = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
        _load_units(data)
        _load_agencies(data)
        for f in data["fields"]:
            services.field_upsert(code=f["code"], name=f["name"])
        start = time.perf_counter()
        report = services.catalogue_import(build_records(data))
        load_s = time.perf_counter() - start
        assert not report.rejected, report.rejected[:3]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # what autovacuum does in production
                cursor.execute("ANALYZE")
        today = timezone.localdate()
        names = list(selectors.versions_in_force(today).values_list("name", flat=True))
        queries = sample_queries(names)

        def search(q: str) -> None:
            qs = selectors.catalogue_search(on=today, q=q)
            qs.count()
            list(qs[:20])

        client = Client(HTTP_HOST="127.0.0.1")

        def api(q: str) -> None:
            response = client.get("/api/v1/procedures", {"q": q})
            assert response.status_code == 200

        def page(q: str) -> None:
            response = client.get("/thu-tuc/", {"q": q})
            assert response.status_code == 200

        for q in queries[:10]:  # warm caches and connections
            search(q)
        print(
            f"database: {connection.vendor}, procedures in force: {len(names)}, "
            f"import: {load_s:.1f} s"
        )
        for label, fn in (
            ("search (selector)", search),
            ("GET /api/v1/procedures", api),
            ("GET /thu-tuc/ (page)", page),
        ):
            median, p95 = timed(fn, queries)
            print(f"{label:<26} {SEARCHES} searches: median {median:6.1f} ms   p95 {p95:6.1f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
