#!/usr/bin/env python3
"""Incoming-document benchmark (issue 14 item 12): registering an incoming document (target
< 50 ms) and an assignee's inbox ("Văn bản đến của tôi", target median < 100 ms).

Runs in a throw-away test database on whatever DATABASE_URL points at (SQLite by default):

    .venv/bin/python bench/documents_incoming_bench.py [N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tinhso_bench \
        .venv/bin/python bench/documents_incoming_bench.py 20000

N documents (default 20,000) are bulk-loaded into one agency's books over two years, each
with one to three lines of the handling slip spread over 60 specialists and 6 departments;
then `incoming.register` (a scan, through every check, numbering, audit) is timed M times,
and `incoming_selectors.inbox(user)` (first page of 30 and its count) for many users.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SPECIALISTS = 60
BENCH_PASSWORD = "Mat-khau-rat-dai-2026!"  # noqa: S105 (throw-away database)
DEPARTMENTS = 6


def timed(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    fn(-1)  # warm-up
    out = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def report(label: str, ms: list[float], target: float) -> None:
    ms = sorted(ms)
    median = statistics.median(ms)
    p95 = ms[int(len(ms) * 0.95) - 1]
    verdict = "OK" if median < target else "ABOVE TARGET"
    print(
        f"{label:<44} median {median:7.1f} ms  p95 {p95:7.1f} ms  (n={len(ms)}, "
        f"target < {target:.0f} ms: {verdict})"
    )


def load(n: int):  # type: ignore[no-untyped-def]
    from tinhso.accounts import services as accounts
    from tinhso.documents.kinds import AssignmentRole, Channel, Direction
    from tinhso.documents.models import Assignment, Document, DocumentState
    from tinhso.documents.numbering import book_for
    from tinhso.organisation import services as org
    from tinhso.organisation.roles import Role

    unit, _ = org.unit_upsert(code="80", name="Tỉnh Tây Ninh", level="province")
    agency, _ = org.agency_upsert(code="000.00.02.H53", name="Sở Tư pháp", kind="so", unit=unit)
    depts = [
        org.department_upsert(agency=agency, code=f"P{i}", name=f"Phòng {i}")[0]
        for i in range(DEPARTMENTS)
    ]

    def staff(username: str, role: str, dept=None):  # type: ignore[no-untyped-def]
        user = accounts.staff_create(username=username, full_name=username, password=BENCH_PASSWORD)
        accounts.role_grant(user=user, agency=agency, role=role, department=dept)
        return user

    clerk = staff("vanthu", Role.CLERK)
    leader = staff("giamdoc", Role.AGENCY_LEADER)
    people = [staff(f"cv{i}", Role.SPECIALIST, depts[i % DEPARTMENTS]) for i in range(SPECIALISTS)]
    rng = random.Random(14)
    now = datetime.now().astimezone()
    states = [DocumentState.DONE] * 7 + [DocumentState.IN_PROGRESS, DocumentState.ASSIGNED]
    for year, share in ((now.year - 1, n // 2), (now.year, n - n // 2)):
        book = book_for(agency, Direction.INCOMING, year=year)
        docs = []
        for k in range(1, share + 1):
            at = now.replace(year=year, month=1, day=1) + timedelta(hours=k * 8760 / share / 1.2)
            docs.append(
                Document(
                    direction=Direction.INCOMING,
                    agency=agency,
                    state=rng.choice(states),
                    channel=Channel.PAPER,
                    book=book,
                    book_number=k,
                    code_number=str(k),
                    code_notation="UBND-VP",
                    doc_type="CV",
                    subject=f"Về việc thứ {k} năm {year}",
                    organ_name=rng.choice(["UBND tỉnh", "Sở Xây dựng", "Bộ Tư pháp"]),
                    issued_date=at.date(),
                    arrival_at=at,
                    registered_at=at,
                )
            )
        Document.objects.bulk_create(docs, batch_size=2000)
        book.last_number = share
        book.save(update_fields=["last_number"])
    ids = list(Document.objects.values_list("pk", flat=True))
    lines = []
    for pk in ids:
        lead = rng.choice(people)
        lines.append(
            Assignment(
                document_id=pk,
                role=AssignmentRole.LEAD,
                assignee=lead,
                assigned_by=leader,
                assigned_at=now,
                progress=rng.randint(0, 100),
                deadline=now.date() + timedelta(days=rng.randint(-30, 30)),
            )
        )
        if rng.random() < 0.5:
            lines.append(
                Assignment(
                    document_id=pk,
                    role=AssignmentRole.COORDINATE,
                    department=rng.choice(depts),
                    assigned_by=leader,
                    assigned_at=now,
                )
            )
        if rng.random() < 0.3:
            lines.append(
                Assignment(
                    document_id=pk,
                    role=AssignmentRole.INFORM,
                    assignee=rng.choice(people),
                    assigned_by=leader,
                    assigned_at=now,
                )
            )
    Assignment.objects.bulk_create(lines, batch_size=5000)
    if connection.vendor == "postgresql":  # what autovacuum would do after a bulk load
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if os.environ.get("BENCH_EXPLAIN"):
        from tinhso.documents import incoming_selectors

        qs = incoming_selectors.inbox(people[0])
        print(qs[:30].explain())
        print(qs.count(), "open lines for one specialist")
    return agency, clerk, people, len(lines)


def run(n: int, runs: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tinhso.documents import incoming, incoming_selectors

    start = time.perf_counter()
    agency, clerk, people, lines = load(n)
    print(
        f"{connection.vendor}: {n:,} incoming documents, {lines:,} slip lines loaded in "
        f"{time.perf_counter() - start:.1f} s"
    )

    def register(i: int) -> None:
        incoming.register(
            actor=clerk,
            agency=agency,
            data=incoming.IncomingData(
                doc_type="CV",
                subject=f"Văn bản đo thời gian {i}",
                organ_name="Sở Nội vụ",
                code_number=str(50000 + i + 2),
                code_notation="SNV-VP",
            ),
            files=[SimpleUploadedFile("scan.pdf", PDF)],
        )

    report("register an incoming document (scan)", timed(register, runs), 50)
    rng = random.Random(7)

    def inbox(_: int) -> None:
        qs = incoming_selectors.inbox(rng.choice(people))
        list(qs[:30])
        qs.count()

    report("assignee's inbox (first 30 + count)", timed(inbox, runs), 100)

    def book_list(_: int) -> None:
        qs = incoming_selectors.incoming_documents(clerk)
        list(qs[:25])

    report("clerk's incoming book, first page of 25", timed(book_list, runs), 100)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    setup_test_environment()
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="tinhso-docbench-")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # set-up only
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(n, runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
