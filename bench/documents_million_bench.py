#!/usr/bin/env python3
"""E-office at scale (issue 14, item 12): one million documents in PostgreSQL.

Targets: a specialist's inbox median < 100 ms, full-text search median < 200 ms, registering
an incoming document < 50 ms. The documents are loaded with COPY into a dedicated database
that is kept between runs (`--reuse` measures what is there without loading more):

    createdb -h 127.0.0.1 -U postgres bench_million
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_million .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_million \\
        .venv/bin/python bench/documents_million_bench.py [--count 1000000] [--reuse] [--explain]

What is loaded: 12 agencies, each with a clerk, a leader, 8 departments with a head and 10
specialists each; documents spread over five years (60 % incoming, 40 % outgoing) with their
books and numbers, handling-slip lines (lead person or unit, co-ordinating unit, people
informed), outgoing drafts by specialists, 1 % confidential, and the search index rows
(tinhso.documents.models.search) built from a Vietnamese vocabulary, so that common words
(hundreds of thousands of hits) and rare phrases (tens of hits) both exist; a province leader
(`ldtinh`) who reads everything. Printed: median and p95 of the specialist's inbox, the clerk's
book page + count, full-text search (common words, rare name, without diacritics, a document's
number, metadata) for a clerk, a specialist and the province leader, and registering.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django  # noqa: E402

django.setup()

from _documents_vocabulary import FAMILY, GIVEN, MIDDLE, PLACES, SENTENCES, TOPICS, VERBS  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tinhso.core.text import fold  # noqa: E402
from tinhso.documents.kinds import BY_CODE, DOCUMENT_TYPES  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "Mat-khau-rat-dai-2026!"  # noqa: S105 (a throw-away bench database)
CHUNK = 50_000
RUNS = 40
AGENCIES = [  # (electronic code, name, abbreviation)
    (f"000.00.{31 + k}.H53", *entry.split(":"))
    for k, entry in enumerate(
        (
            "Sở Tư pháp:STP|Sở Xây dựng:SXD|Sở Tài chính:STC|Sở Nội vụ:SNV|Sở Y tế:SYT|"
            "Sở Giáo dục và Đào tạo:SGDĐT|Sở Nông nghiệp và Môi trường:SNNMT|Sở Công Thương:SCT|"
            "Sở Văn hóa, Thể thao và Du lịch:SVHTTDL|Sở Khoa học và Công nghệ:SKHCN|"
            "Văn phòng UBND tỉnh:VP|UBND huyện Tân Biên:UBND"
        ).split("|")
    )
]
DEPARTMENTS = ["VP", "TCCB", "KHTC", "TTR", "NV1", "NV2", "NV3", "PC"]
SPECIALISTS_PER_DEPT = 10
ISSUERS = [a[1] for a in AGENCIES] + ["Bộ Nội vụ", "Văn phòng Chính phủ", "Bộ Tư pháp"]
KINDS = [*DOCUMENT_TYPES[:12], *[BY_CODE["CV"]] * 6]
START = datetime(2022, 1, 1, 1, tzinfo=UTC)
END = datetime(2026, 12, 1, 1, tzinfo=UTC)
DOC_COLUMNS = (
    "id direction state channel book_id book_number code_number code_notation doc_type subject "
    "issued_date organ_name signer_name signer_position urgency confidentiality is_normative "
    "language page_amount issued_amount description due_date arrival_at registered_at "
    "exchange_id full_text created_at updated_at version is_demo agency_id created_by_id "
    "drafting_department_id"
).split()
LINE_COLUMNS = (
    "id document_id role assignee_id department_id deadline instruction assigned_by_id "
    "assigned_at read_at progress done_at is_active"
).split()


@lru_cache(maxsize=100_000)
def f(text: str) -> str:
    return fold(text)


def person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


# --- people ------------------------------------------------------------------------------------


def setup_people() -> dict[str, Any]:
    """Agencies, departments, books' keepers and specialists (created once, then reused)."""
    from tinhso.accounts import services as accounts
    from tinhso.accounts.models import StaffRole, User
    from tinhso.organisation import services as org
    from tinhso.organisation.models import Agency, Department
    from tinhso.organisation.roles import Role

    if not Agency.objects.filter(code=AGENCIES[0][0]).exists():
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        unit, _ = org.unit_upsert(code="80", name="Tỉnh Tây Ninh", level="province")
        for a, (code, name, abbr) in enumerate(AGENCIES):
            agency, _ = org.agency_upsert(
                code=code, name=name, abbreviation=abbr, kind="so", unit=unit
            )

            def staff(username: str, role: str, dept: Any = None, agency: Any = agency) -> None:
                user = accounts.staff_create(
                    username=username, full_name=username, password=PASSWORD
                )
                accounts.role_grant(user=user, agency=agency, role=role, department=dept)

            staff(f"vt{a}", Role.CLERK)
            staff(f"ld{a}", Role.AGENCY_LEADER)
            for d, dcode in enumerate(DEPARTMENTS):
                dept, _ = org.department_upsert(agency=agency, code=dcode, name=f"Phòng {dcode}")
                staff(f"tp{a}.{d}", Role.HEAD_OF_DEPARTMENT, dept)
                for s in range(SPECIALISTS_PER_DEPT):
                    staff(f"cv{a}.{d}.{s}", Role.SPECIALIST, dept)
    agencies = [Agency.objects.get(code=code) for code, _, _ in AGENCIES]
    if not User.objects.filter(username="ldtinh").exists():  # reads every document
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        leader = accounts.staff_create(username="ldtinh", full_name="ldtinh", password=PASSWORD)
        accounts.role_grant(user=leader, agency=agencies[10], role=Role.PROVINCE_LEADER)
    users = {u.username: u for u in User.objects.filter(username__regex=r"^(vt|ld|tp|cv)\d")}
    users["ldtinh"] = User.objects.get(username="ldtinh")
    roles = StaffRole.objects.filter(user__in=users.values(), role=Role.SPECIALIST)
    dept_of = dict(roles.values_list("user_id", "department_id"))
    return {
        "agencies": agencies,
        "users": users,
        "departments": [
            list(Department.objects.filter(agency=a).order_by("code").values_list("pk", flat=True))
            for a in agencies
        ],
        "dept_of": dept_of,
    }


def specialists_of(people: dict[str, Any], a: int) -> list[Any]:
    return [
        people["users"][f"cv{a}.{d}.{s}"]
        for d in range(len(DEPARTMENTS))
        for s in range(SPECIALISTS_PER_DEPT)
    ]


# --- loading -----------------------------------------------------------------------------------


def load(count: int, people: dict[str, Any]) -> None:
    from tinhso.documents.kinds import Direction
    from tinhso.documents.models import Document, DocumentBook
    from tinhso.documents.numbering import book_for

    agencies = people["agencies"]
    have = Document.objects.filter(agency__in=agencies).count()
    if have >= count:
        print(f"{have:,} documents already loaded")
        return
    books: dict[tuple[int, int, str], Any] = {}
    for a, agency in enumerate(agencies):
        for year in range(START.year, END.year + 1):
            for direction in (Direction.INCOMING, Direction.OUTGOING):
                books[(a, year, direction)] = book_for(agency, direction, year=year)
    last = {b.pk: b.last_number for b in DocumentBook.objects.filter(agency__in=agencies)}
    specialists = [specialists_of(people, a) for a in range(len(agencies))]
    leaders = [people["users"][f"ld{a}"] for a in range(len(agencies))]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM documents_document")
        next_doc = cursor.fetchone()[0] + 1
        cursor.execute("SELECT coalesce(max(id), 0) FROM documents_assignment")
        next_line = cursor.fetchone()[0] + 1
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("DROP INDEX IF EXISTS documents_search_vector_gin")  # rebuilt at the end
    span = (END - START).total_seconds()
    for chunk_start in range(have, count, CHUNK):
        docs, lines, texts = [], [], []
        for i in range(chunk_start, min(count, chunk_start + CHUNK)):
            rng = random.Random(i)
            a = i % len(agencies)
            at = START + timedelta(seconds=span * i / count)
            incoming = (i // len(agencies)) % 5 < 3
            direction = Direction.INCOMING if incoming else Direction.OUTGOING
            book = books[(a, at.year, direction)]
            last[book.pk] += 1
            doc_id, next_doc = next_doc, next_doc + 1
            doc, folded, doc_lines = make_document(
                rng, i, doc_id, a, at, incoming, book, last[book.pk], people, specialists[a]
            )
            for line in doc_lines:
                line[0:0] = [next_line, doc_id]
                line.insert(7, leaders[a].pk)
                next_line += 1
                lines.append(line)
            docs.append(doc)
            texts.append(folded)
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            cols = ", ".join(DOC_COLUMNS)
            with raw.copy(f"COPY documents_document ({cols}) FROM STDIN") as copy:
                for row in docs:
                    copy.write_row(row)
            cols = ", ".join(LINE_COLUMNS)
            with raw.copy(f"COPY documents_assignment ({cols}) FROM STDIN") as copy:
                for row in lines:
                    copy.write_row(row)
            sql = (
                "COPY documents_documentsearchtext "
                "(document_id, folded, subject, organ, signer, agency)"
            )
            with raw.copy(sql + " FROM STDIN") as copy:
                for text in texts:
                    copy.write_row(text)
        done = min(count, chunk_start + CHUNK)
        print(f"  {done:>9,} documents ({time.perf_counter() - started:.0f} s)", flush=True)
    for pk, number in last.items():
        DocumentBook.objects.filter(pk=pk).update(last_number=number)
    with connection.cursor() as cursor:
        for table in ("documents_document", "documents_assignment"):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            cursor.execute(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))")  # noqa: S608
        t = time.perf_counter()
        cursor.execute(  # the column `vector` is generated from `folded` as COPY writes it
            "CREATE INDEX IF NOT EXISTS documents_search_vector_gin "
            "ON documents_documentsearchtext USING gin (vector)"
        )
        print(f"  GIN index rebuilt in {time.perf_counter() - t:.0f} s")
        cursor.execute("VACUUM ANALYZE documents_document")
        cursor.execute("VACUUM ANALYZE documents_assignment")
        cursor.execute("VACUUM ANALYZE documents_documentsearchtext")
    print(f"loaded {count - have:,} documents in {time.perf_counter() - started:.0f} s")


def make_document(
    rng: random.Random,
    i: int,
    doc_id: int,
    a: int,
    at: datetime,
    incoming: bool,
    book: Any,
    number: int,
    people: dict[str, Any],
    specialists: list[Any],
) -> tuple[list[Any], list[Any], list[list[Any]]]:
    """One document row, its search row and its slip lines (without ids and leader)."""
    from tinhso.documents.models import DocumentState as S

    kind = rng.choice(KINDS)
    abbr = kind.abbreviation or ""
    own_abbr = AGENCIES[a][2]
    verb, topic, place = rng.choice(VERBS), rng.choice(TOPICS), rng.choice(PLACES)
    subject = f"{verb} {topic} tại {place} năm {at.year}"
    signer = person(rng)
    named = person(rng)  # a rare phrase: one name in ~10,000
    body = " ".join(rng.sample(SENTENCES, rng.randint(2, 5)))
    full_text = f"{subject}. {body} Giao ông (bà) {named} chủ trì. Hồ sơ số HS{i:07d}."
    age = (END - at).days
    urgency = rng.choice(["normal"] * 12 + ["khan", "thuong_khan", "hoa_toc"])
    confidential = "mat" if rng.random() < 0.01 else "normal"
    author = rng.choice(specialists)
    if incoming:
        organ = rng.choice([x for x in ISSUERS if x != AGENCIES[a][1]])
        code_number = str(rng.randint(1, 3000))
        notation = f"{abbr or 'UBND'}-{rng.choice(['UBND', 'VP', 'STC', 'SNV', 'BNV'])}"
        if age < 45:
            state = rng.choice([S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.IN_PROGRESS, S.DONE])
        else:
            state = S.IN_PROGRESS if rng.random() < 0.03 else S.DONE
        created_by, dept, channel = None, None, rng.choice(["paper", "email", "internal"])
    else:
        organ, code_number = AGENCIES[a][1], f"{number:02d}"
        notation = f"{abbr}-{own_abbr}" if abbr else f"{own_abbr}-{DEPARTMENTS[0]}"
        state = rng.choice([S.DRAFT, S.IN_REVIEW, S.SIGNED, S.ISSUED]) if age < 20 else S.SENT
        created_by, dept, channel = author.pk, people["dept_of"][author.pk], "drafted"
    numbered = incoming or state in (S.ISSUED, S.SENT)
    issued = (at - timedelta(days=rng.randint(0, 5))).date() if incoming else at.date()
    doc = [
        doc_id, "in" if incoming else "out", state, channel,
        book.pk if numbered else None, number if numbered else None,
        code_number if numbered else "", notation if numbered else "", kind.code, subject,
        issued if numbered else None, organ, signer, "Giám đốc", urgency, confidential, False,
        "Tiếng Việt", rng.randint(1, 12), 1, "",
        at.date() + timedelta(days=15) if incoming else None,
        at if incoming else None, at if incoming else None, "", full_text, at, at, 1, False,
        people["agencies"][a].pk, created_by, dept,
    ]  # fmt: skip
    symbol = f"{code_number}/{notation}" if numbered else ""
    parts = [
        f(code_number) if numbered else "", f(notation) if numbered else "", f(symbol),
        f(kind.name), f(abbr), f(subject), f(organ), f(signer), f("Giám đốc"),
        f"{f(subject)} {f(body)} giao ong ba {f(named)} chu tri ho so so hs{i:07d}",
    ]  # fmt: skip
    agency_id = people["agencies"][a].pk
    folded = [doc_id, " ".join(p for p in parts if p), f(subject), f(organ), f(signer), agency_id]
    lines: list[list[Any]] = []
    if incoming and state != S.REGISTERED:
        done = state == S.DONE
        deadline = (at + timedelta(days=14)).date()
        read = at + timedelta(hours=3) if done or rng.random() < 0.6 else None
        depts = people["departments"][a]
        if rng.random() < 0.8:
            lead = [rng.choice(specialists).pk, None]
        else:
            lead = [None, rng.choice(depts)]
        lines.append(
            ["lead", *lead, deadline, "", at, read, 100 if done else 30, at if done else None]
        )
        if rng.random() < 0.5:
            lines.append(["coordinate", None, rng.choice(depts), deadline, "", at, read, 0, None])
        if rng.random() < 0.3:
            lines.append(["inform", rng.choice(specialists).pk, None, None, "", at, read, 0, None])
        for line in lines:
            line.append(rng.random() > 0.02)  # is_active: a few were undone
    return doc, folded, lines


# --- measuring ---------------------------------------------------------------------------------


def timed(fn: Callable[[int], Any], runs: int = RUNS) -> tuple[list[float], Any]:
    """Milliseconds of `runs` calls after one warm-up, and the median of what they returned
    (rows found, for the reader to see how much each query had to deal with)."""
    fn(-1)
    out, found = [], []
    for i in range(runs):
        start = time.perf_counter()
        found.append(fn(i))
        out.append((time.perf_counter() - start) * 1000)
    return out, statistics.median(found)


def report(label: str, result: tuple[list[float], Any], target: float | None) -> None:
    ms = sorted(result[0])
    median = statistics.median(ms)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    verdict = "" if target is None else (" OK" if median < target else " ABOVE TARGET")
    goal = f"< {target:.0f}" if target else "  —"
    print(f"| {label:<50} | {median:7.1f} | {p95:7.1f} | {goal:>5}{verdict} | {result[1]:,.0f} |")


def measure(people: dict[str, Any], explain: bool, runs: int, only: str = "") -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tinhso.documents import incoming, incoming_selectors
    from tinhso.documents.models import Document
    from tinhso.documents.search import CappedResults, Criteria, search

    n_agencies = len(people["agencies"])
    rng = random.Random(7)
    clerks = [people["users"][f"vt{a}"] for a in range(n_agencies)]
    everyone = [s for a in range(n_agencies) for s in specialists_of(people, a)]
    print(f"{Document.objects.count():,} documents, {len(everyone)} specialists")
    print("| measure | median ms | p95 ms | target | median rows |")
    print("|---|---:|---:|---|---:|")

    def inbox(_: int) -> int:
        qs = incoming_selectors.inbox(rng.choice(everyone))
        list(qs[:30])
        return qs.count()

    if only in ("", "inbox"):
        report("specialist's inbox (first 30 + count)", timed(inbox, runs), 100)

    def book(_: int) -> int:
        qs = incoming_selectors.incoming_documents(rng.choice(clerks))
        list(qs[:25])
        return qs.count()

    if only in ("", "book"):
        report("clerk's incoming book (first 25 + count)", timed(book, runs), None)

    agency_of = {u.pk: a for a in range(n_agencies) for u in specialists_of(people, a)}
    agency_of.update({c.pk: a for a, c in enumerate(clerks)})
    agency_of[people["users"]["ldtinh"].pk] = 0
    total = Document.objects.count()

    def finder(user_pool: list[Any], make: Callable[[Any], Criteria]) -> Callable[[int], int]:
        def run(_: int) -> int:
            user = rng.choice(user_pool)
            results = search(user, make(user))
            total = CappedResults(results).total
            list(results[:50])
            return total

        return run

    common: Callable[[Any], Criteria] = lambda _: Criteria(q=rng.choice(TOPICS))  # noqa: E731
    rare: Callable[[Any], Criteria] = lambda _: Criteria(q=person(rng))  # noqa: E731
    plain: Callable[[Any], Criteria] = lambda _: Criteria(q=f(rng.choice(TOPICS)))  # noqa: E731

    def unique(user: Any) -> Criteria:  # "Hồ sơ số HS…" of one document of the user's agency
        i = rng.randrange(total // n_agencies) * n_agencies + agency_of[user.pk]
        return Criteria(q=f"ho so so HS{i:07d}")

    def metadata(_: Any) -> Criteria:
        start = date(2022, 1, 1) + timedelta(days=rng.randrange(4 * 365))
        return Criteria(
            issuer=rng.choice(ISSUERS),
            doc_type="CV",
            date_from=start,
            date_to=start + timedelta(days=90),
        )

    readers = (("clerk", clerks), ("specialist", everyone), ("leader", [people["users"]["ldtinh"]]))
    for who, pool in readers if only in ("", "search") else ():
        report(f"full text, common words ({who})", timed(finder(pool, common), runs), 200)
        report(f"full text, rare name of 3 words ({who})", timed(finder(pool, rare), runs), 200)
        report(
            f"full text, typed without diacritics ({who})", timed(finder(pool, plain), runs), 200
        )
        report(f"full text, one document's number ({who})", timed(finder(pool, unique), runs), 200)
        report(
            f"metadata: issuer + type + 90 days ({who})", timed(finder(pool, metadata), runs), None
        )

    year = datetime.now(tz=UTC).year

    def register(i: int) -> int:
        a = i % n_agencies
        doc = incoming.register(
            actor=clerks[a],
            agency=people["agencies"][a],
            data=incoming.IncomingData(
                doc_type="CV",
                subject=f"Văn bản đo thời gian {i} {time.time_ns()}",
                organ_name="Sở Nội vụ tỉnh Bình Dương",
                code_number=str(time.time_ns() % 10**9),  # never one of an earlier run
                code_notation="SNV-VP",
                issued_date=date(year, 1, 2),
            ),
            files=[SimpleUploadedFile("scan.pdf", PDF)],
        )
        return doc.book_number

    if only in ("", "register"):
        report("register an incoming document (scan PDF)", timed(register, runs), 50)
    if explain:
        explain_queries(everyone[5], clerks[0], people["users"]["ldtinh"])


def explain_queries(specialist: Any, clerk: Any, leader: Any) -> None:
    """EXPLAIN ANALYZE of the queries measured above, as the pages run them."""
    from tinhso.documents import incoming_selectors
    from tinhso.documents.search import Criteria, search

    inbox = incoming_selectors.inbox(specialist)
    plans = [
        ("inbox, first page", inbox[:30]),
        ("inbox, count", inbox.order_by()),
        ("clerk's book, first page", incoming_selectors.incoming_documents(clerk)[:25]),
        ("clerk's book, count", incoming_selectors.incoming_documents(clerk).order_by()),
        ("search, common words, clerk", search(clerk, Criteria(q="chuyển đổi số"))[:50]),
        ("search, common words, leader", search(leader, Criteria(q="chuyển đổi số"))[:50]),
        ("search, common words, specialist", search(specialist, Criteria(q="chuyển đổi số"))[:50]),
        ("search, rare name, specialist", search(specialist, Criteria(q="Nguyễn Văn An"))[:50]),
    ]
    for label, qs in plans:
        sql, params = qs.query.sql_with_params()
        if label.endswith("count"):
            sql = f"SELECT count(*) FROM ({sql}) counted"  # noqa: S608 (Django's own SQL)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            print(f"--- {label}\n" + "\n".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="measure without loading")
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs of each measure")
    parser.add_argument("--only", choices=["inbox", "book", "search", "register"], default="")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE plans")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL=postgres://…/bench_million).")
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="tinhso-million-")
    people = setup_people()
    if not args.reuse:
        load(args.count, people)
    measure(people, args.explain, args.runs, args.only)


if __name__ == "__main__":
    main()
