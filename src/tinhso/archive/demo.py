"""Demo filing of Sở Tư pháp (issue 14 item 5): the Danh mục hồ sơ 2026, approved by the
director, with a few files holding the demo incoming and outgoing documents; one file closed
(its transfer to the agency archive due in a year, Điều 30.2 of Nghị định 30/2020/NĐ-CP) and
one construction file whose transfer is due within 30 days, so the archive's alert
(archive.alerts, 30 days ahead) has something to say. Made through the real services (audit
records, state machine, totals). Only when the agency has no 2026 plan yet: loading twice
changes nothing."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.archive import services
from tinhso.archive.models import FilePlan, RecordFile
from tinhso.documents.access import readable_documents
from tinhso.documents.kinds import Direction
from tinhso.documents.models import Document, DocumentState
from tinhso.organisation.models import Agency

YEAR = 2026
CLERK, LEADER, SPECIALIST = "vanthu.stp", "giamdoc.stp", "chuyenvien.stp"
DUE_SOON_DAYS = 20  # inside the 30-day alert window
ISSUED = (DocumentState.ISSUED, DocumentState.SENT)
HANDLED = (DocumentState.REGISTERED, DocumentState.ASSIGNED, DocumentState.IN_PROGRESS)


@dataclass(frozen=True)
class DemoFile:
    notation: str
    title: str
    heading: str
    years: int | None  # None: permanent
    construction: bool = False


FILES = (
    DemoFile(
        "01.VP",
        "Hồ sơ văn bản đến về công tác pháp chế năm 2026",
        "I. Công tác văn phòng",
        10,
    ),
    DemoFile(
        "02.VP",
        "Hồ sơ văn bản đi của Sở Tư pháp năm 2026",
        "I. Công tác văn phòng",
        None,
    ),
    DemoFile(
        "03.XDKTVB",
        "Hồ sơ kiểm tra, rà soát văn bản quy phạm pháp luật năm 2026",
        "II. Xây dựng và kiểm tra văn bản",
        20,
    ),
    DemoFile(
        "04.VP",
        "Hồ sơ cải tạo trụ sở làm việc Sở Tư pháp",
        "III. Quản trị công sở",
        20,
        construction=True,
    ),
)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _documents(clerk: User, agency: Agency) -> tuple[list[Document], list[Document]]:
    """The demo documents the clerk may read (never a confidential one not theirs)."""
    qs = readable_documents(clerk).filter(agency=agency, is_demo=True).order_by("pk")
    incoming = list(qs.filter(direction=Direction.INCOMING, state__in=HANDLED)[:8])
    outgoing = list(qs.filter(direction=Direction.OUTGOING, state__in=ISSUED)[:6])
    return incoming, outgoing


def _fill(clerk: User, record: RecordFile, documents: list[Document]) -> None:
    for document in documents:
        services.file_document(actor=clerk, record=record, document=document)


def load_archive_demo(today: date | None = None) -> int:
    """The demo Danh mục hồ sơ of Sở Tư pháp; returns how many files were opened (0 when the
    demo accounts or documents are missing, or the plan exists already)."""
    agency = Agency.objects.filter(name__icontains="Tư pháp").order_by("name").first()
    clerk = User.objects.filter(username=CLERK).first()
    leader = User.objects.filter(username=LEADER).first()
    person = User.objects.filter(username=SPECIALIST).first() or clerk
    if agency is None or clerk is None or leader is None:
        return 0
    if FilePlan.objects.filter(agency=agency, year=YEAR).exists():
        return 0
    incoming, outgoing = _documents(clerk, agency)
    if len(incoming) < 4 or len(outgoing) < 3:
        return 0
    today = today or timezone.localdate()
    with transaction.atomic():
        return _load(agency, clerk, leader, person, incoming, outgoing, today)


def _load(
    agency: Agency,
    clerk: User,
    leader: User,
    person: Any,
    incoming: list[Document],
    outgoing: list[Document],
    today: date,
) -> int:
    plan = services.plan_create(
        actor=clerk, agency=agency, year=YEAR, title=f"Danh mục hồ sơ năm {YEAR} của Sở Tư pháp"
    )
    services.plan_approve(actor=leader, plan=plan)
    records = [
        services.file_create(
            actor=clerk,
            plan=plan,
            notation=f.notation,
            title=f.title,
            person=person,
            heading=f.heading,
            retention_years=f.years,
            permanent=f.years is None,
            is_construction=f.construction,
        )
        for f in FILES
    ]
    received, sent, checked, building = records
    half = len(incoming) // 2
    _fill(clerk, received, incoming[:half])
    _fill(clerk, sent, outgoing)
    _fill(clerk, checked, incoming[half:])
    services.close_file(actor=clerk, record=received, today=today)  # due in a year
    _fill(clerk, building, incoming[:1] + outgoing[:1])
    # A construction file is handed over 03 months after settlement (Điều 30.2): closed as
    # if settled three months before the due date, its transfer falls within the alert window.
    due = today + timedelta(days=DUE_SOON_DAYS)
    services.close_file(actor=clerk, record=building, today=_add_months(due, -3))
    return len(records)
