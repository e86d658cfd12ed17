#!/usr/bin/env python3
"""Documents search benchmark (issue 14, item 12): full-text and metadata search medians.

Generates N documents (default 1,000,000) in the CONFIGURED database — migrate it first —
with their search index rows (bulk_create in batches), then times searches as the agency's
clerk would run them (tinhso.documents.search.search: access filter + count + first page):

    createdb -h 127.0.0.1 -U postgres bench_archive
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_archive .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_archive \\
        .venv/bin/python bench/documents_search_bench.py --count 100000

Rows from an earlier run (agency "BENCH.DOCS") are reused: only the missing ones are added.
Goal (issue 14): full-text search median < 200 ms on 1 million documents.
"""

import argparse
import os
import random
import secrets
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from tinhso.accounts.models import StaffRole, User  # noqa: E402
from tinhso.accounts.services import role_grant, staff_create  # noqa: E402
from tinhso.documents.kinds import DOCUMENT_TYPES, Direction, Urgency  # noqa: E402
from tinhso.documents.models import Document, DocumentSearchText, DocumentState  # noqa: E402
from tinhso.documents.search import CappedResults, Criteria, index_row, search  # noqa: E402
from tinhso.organisation.models import AdministrativeUnit, Agency  # noqa: E402
from tinhso.organisation.roles import Role  # noqa: E402

AGENCY_CODE = "000.00.99.H99"
BATCH = 5000
SEARCHES = 60
TOPICS = [
    "cải cách hành chính",
    "chuyển đổi số",
    "đất đai",
    "xây dựng nông thôn mới",
    "phòng chống thiên tai",
    "an toàn giao thông",
    "giáo dục và đào tạo",
    "y tế cơ sở",
    "bảo hiểm xã hội",
    "thuế thu nhập cá nhân",
    "quy hoạch đô thị",
    "môi trường",
    "khiếu nại, tố cáo",
    "thi đua khen thưởng",
    "phòng cháy chữa cháy",
    "du lịch",
    "đầu tư công",
    "ngân sách nhà nước",
    "văn hóa cơ sở",
    "an ninh trật tự",
    "tuyển dụng công chức",
    "lưu trữ hồ sơ",
    "kiểm tra văn bản",
    "hộ tịch",
]
VERBS = [
    "Về việc triển khai",
    "Về việc báo cáo kết quả",
    "Về việc phê duyệt kế hoạch",
    "Về việc tăng cường công tác",
    "Về việc góp ý dự thảo",
    "Về việc kiểm tra",
    "Về việc tổ chức hội nghị",
    "Về việc hướng dẫn thực hiện",
    "Về việc giao chỉ tiêu",
]
ISSUERS = [
    "Ủy ban nhân dân tỉnh Tây Ninh",
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Y tế",
    "Bộ Nội vụ",
    "Văn phòng Chính phủ",
    "Ủy ban nhân dân xã Tân Hưng",
]
SIGNERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]
FILLER = (
    "Căn cứ Luật Tổ chức chính quyền địa phương; xét đề nghị của cơ quan chuyên môn, "
    "yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện, định kỳ báo cáo kết quả "
    "về cơ quan thường trực trước ngày 25 hằng tháng để tổng hợp. "
)


def _agency_and_clerk() -> tuple[Agency, User]:
    agency = Agency.objects.filter(code=AGENCY_CODE).first()
    if agency is None:
        unit = AdministrativeUnit.objects.first() or AdministrativeUnit.objects.create(
            code="99", name="Tỉnh thử nghiệm", level="province"
        )
        agency = Agency.objects.create(
            code=AGENCY_CODE, name="Sở Thử nghiệm", abbreviation="STN", kind="so", unit=unit
        )
    clerk = User.objects.filter(username="vanthu.bench").first()
    if clerk is None:
        clerk = staff_create(
            username="vanthu.bench",
            full_name="Văn Thư Thử",
            password=secrets.token_urlsafe(16) + "Aa1!",
        )
    if not StaffRole.objects.filter(user=clerk, agency=agency, role=Role.CLERK).exists():
        role_grant(user=clerk, agency=agency, role=Role.CLERK)
    return agency, clerk


def _document(rng: random.Random, agency: Agency, i: int) -> Document:
    kind = rng.choice(DOCUMENT_TYPES)
    topic = rng.choice(TOPICS)
    issued = date(2021, 1, 1) + timedelta(days=rng.randrange(5 * 365))
    text = f"{rng.choice(VERBS)} {topic}. " + FILLER * rng.randint(1, 4) + f"Số thứ tự {i}."
    return Document(
        direction=rng.choice([Direction.INCOMING, Direction.OUTGOING]),
        agency=agency,
        state=rng.choice([DocumentState.REGISTERED, DocumentState.DONE, DocumentState.ISSUED]),
        channel="paper",
        doc_type=kind.code,
        code_number=f"{i % 9999 + 1:02d}",
        code_notation=f"{kind.abbreviation or 'CV'}-{rng.choice(['UBND', 'STP', 'SXD', 'STC'])}",
        subject=f"{rng.choice(VERBS)} {topic} năm {issued.year}",
        issued_date=issued,
        organ_name=rng.choice(ISSUERS),
        signer_name=rng.choice(SIGNERS),
        urgency=rng.choice([Urgency.NORMAL] * 8 + [Urgency.URGENT, Urgency.FLASH]),
        full_text=text,
        is_demo=True,
    )


def generate(count: int, agency: Agency) -> None:
    have = Document.objects.filter(agency=agency).count()
    rng = random.Random(have)
    started = time.perf_counter()
    for start in range(have, count, BATCH):
        docs = [_document(rng, agency, i) for i in range(start, min(count, start + BATCH))]
        with transaction.atomic():
            Document.objects.bulk_create(docs)
            rows = []
            for d in docs:
                r = index_row(d)
                rows.append(
                    DocumentSearchText(
                        document_id=d.pk,
                        folded=r.folded,
                        subject=r.subject,
                        organ=r.organ,
                        signer=r.signer,
                    )
                )
            DocumentSearchText.objects.bulk_create(rows)
        done = min(count, start + BATCH)
        print(f"  {done:>9,} văn bản ({time.perf_counter() - started:.0f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE documents_document")
            cursor.execute("ANALYZE documents_documentsearchtext")


def _time(user: User, criteria: Criteria) -> tuple[float, int]:
    started = time.perf_counter()
    results = search(user, criteria)  # what /van-ban/tim-kiem/ does: capped count + page 1
    total = CappedResults(results).total
    list(results[:50])
    return (time.perf_counter() - started) * 1000, total


def _report(name: str, timings: list[tuple[float, int]]) -> None:
    ms = sorted(t for t, _ in timings)
    hits = statistics.median(n for _, n in timings)
    p95 = ms[int(len(ms) * 0.95) - 1]
    print(
        f"{name}: median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms "
        f"({len(ms)} searches, median {hits:,.0f} hits)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    args = parser.parse_args()
    agency, clerk = _agency_and_clerk()
    print(f"Cơ sở dữ liệu: {connection.vendor}; tạo {args.count:,} văn bản…")
    generate(args.count, agency)
    rng = random.Random(7)
    _time(clerk, Criteria(q="cai cach"))  # warm-up
    full_text = [
        _time(clerk, Criteria(q=" ".join(rng.sample(TOPICS, 1)[0].split()[:2])))
        for _ in range(SEARCHES)
    ]
    rare = [
        _time(clerk, Criteria(q=f"so thu tu {rng.randrange(args.count)}")) for _ in range(SEARCHES)
    ]
    metadata = []
    for _ in range(SEARCHES):
        start = date(2021, 1, 1) + timedelta(days=rng.randrange(4 * 365))
        metadata.append(
            _time(
                clerk,
                Criteria(
                    issuer=rng.choice(ISSUERS),
                    doc_type=rng.choice(DOCUMENT_TYPES).code,
                    date_from=start,
                    date_to=start + timedelta(days=90),
                ),
            )
        )
    numbers = [
        _time(clerk, Criteria(number=f"{rng.randrange(1, 9999):02d}/QĐ-UBND"))
        for _ in range(SEARCHES)
    ]
    print(f"{Document.objects.filter(agency=agency).count():,} văn bản của cơ quan thử nghiệm")
    _report("full-text search, common words (capped count + first page)", full_text)
    _report("full-text search, a rare phrase (capped count + first page)", rare)
    _report("metadata search: issuer + type + 90-day range", metadata)
    _report("metadata search: number/symbol", numbers)


if __name__ == "__main__":
    main()
