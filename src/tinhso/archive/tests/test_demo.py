"""The demo Danh mục hồ sơ of Sở Tư pháp (archive.demo): approved, files holding the demo
documents, one closed and one due to the archive within 30 days; loading twice changes
nothing."""

from datetime import date, timedelta

import pytest

from tinhso.archive.alerts import due_for_alert
from tinhso.archive.demo import load_archive_demo
from tinhso.archive.models import FilePlan, FileState, PlanState, RecordFile, RecordItem
from tinhso.documents.kinds import Confidentiality, Direction
from tinhso.documents.models import DocumentState
from tinhso.documents.tests.search_factories import make_document

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 4)


@pytest.fixture
def demo_documents(office):
    incoming = [
        make_document(office.stp, subject=f"Công văn đến {n}", is_demo=True) for n in range(6)
    ]
    outgoing = [
        make_document(
            office.stp,
            subject=f"Công văn đi {n}",
            direction=Direction.OUTGOING,
            state=DocumentState.ISSUED,
            issued_date=date(2026, 6, n + 1),
            is_demo=True,
        )
        for n in range(3)
    ]
    secret = make_document(
        office.stp,
        subject="Công văn mật",
        confidentiality=Confidentiality.CONFIDENTIAL,
        is_demo=True,
    )
    return incoming, outgoing, secret


def test_the_demo_plan_files_the_demo_documents(office, demo_documents):
    incoming, outgoing, secret = demo_documents
    assert load_archive_demo(today=TODAY) == 4
    plan = FilePlan.objects.get(agency=office.stp, year=2026)
    assert plan.state == PlanState.APPROVED and plan.approved_by == office.leader
    filed = set(RecordItem.objects.values_list("document_id", flat=True))
    assert {d.pk for d in incoming + outgoing} <= filed
    assert secret.pk not in filed  # the clerk may not read it, so it is not filed

    closed = RecordFile.objects.filter(plan=plan, state=FileState.CLOSED)
    assert closed.count() == 2
    assert RecordFile.objects.filter(plan=plan, state=FileState.OPEN).count() == 2
    due = {f.notation: f.transfer_due for f in closed}
    assert due["01.VP"] > TODAY + timedelta(days=300)
    assert TODAY < due["04.VP"] <= TODAY + timedelta(days=30)
    assert [f.notation for f in due_for_alert(TODAY)] == ["04.VP"]
    assert all(f.doc_total > 0 for f in closed)

    assert load_archive_demo(today=TODAY) == 0
    assert RecordFile.objects.count() == 4


def test_no_demo_plan_without_the_demo_documents(office):
    assert load_archive_demo(today=TODAY) == 0
    assert not FilePlan.objects.exists()
