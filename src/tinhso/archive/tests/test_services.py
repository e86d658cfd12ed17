"""Filing (Nghị định 30/2020/NĐ-CP, Điều 28–31): plans, files, documents, closing, hand-over,
and the 30-day alert before a file is due at the agency archive (Phụ lục VI §III)."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.http import Http404

from tinhso.accounts.access import AccessDenied
from tinhso.archive import services
from tinhso.archive.alerts import send_due_alerts
from tinhso.archive.models import FileState, PlanState, RecordFile, RecordItem
from tinhso.audit.models import AuditEvent
from tinhso.documents.kinds import Confidentiality
from tinhso.documents.tests.search_factories import make_document
from tinhso.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_only_keepers_create_plans_and_only_the_leader_approves(office, plan):
    with pytest.raises(AccessDenied):
        services.plan_create(actor=office.specialist, agency=office.stp, year=2027, title="X")
    with pytest.raises(services.ArchiveError, match="đã có Danh mục hồ sơ năm 2026"):
        services.plan_create(actor=office.leader, agency=office.stp, year=2026, title="Lần hai")
    with pytest.raises(AccessDenied):
        services.plan_approve(actor=office.clerk, plan=plan)
    services.plan_approve(actor=office.leader, plan=plan)
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED and plan.approved_by == office.leader
    assert AuditEvent.objects.filter(action="archive.plan_approve").count() == 1


def test_a_file_takes_its_period_from_the_table_or_by_hand(office, plan):
    quoted = services.file_create(
        actor=office.clerk,
        plan=plan,
        notation="02.TCCB",
        title="Quy chế làm việc",
        person=office.head,
        retention_key="to-chuc-dieu-le-quy-che",
    )
    assert quoted.maintenance == "20 năm" and quoted.retention_years == 20
    forever = services.file_create(
        actor=office.clerk,
        plan=plan,
        notation="03.TCCB",
        title="Báo cáo năm",
        person=office.head,
        permanent=True,
    )
    assert forever.maintenance == "Vĩnh viễn" and forever.retention_years is None
    assert forever.file_code == f"{office.stp.code}.2026.03.TCCB"
    with pytest.raises(services.ArchiveError, match="bảng thời hạn bảo quản"):
        services.file_create(
            actor=office.clerk, plan=plan, notation="04", title="T", person=office.head
        )
    with pytest.raises(services.ArchiveError, match="đã có trong năm 2026"):
        services.file_create(
            actor=office.clerk,
            plan=plan,
            notation="02.TCCB",
            title="Trùng",
            person=office.head,
            retention_years=5,
        )
    assert RecordFile.objects.count() == 2


def test_documents_are_numbered_in_time_order(office, record, three_documents):
    march, january, february = three_documents
    for document in three_documents:
        services.file_document(actor=office.clerk, record=record, document=document)
    ordered = list(RecordItem.objects.filter(record_file=record).values_list("document", flat=True))
    assert ordered == [january.pk, february.pk, march.pk]
    with pytest.raises(services.ArchiveError, match="đã có trong hồ sơ"):
        services.file_document(actor=office.clerk, record=record, document=march)


def test_only_a_readable_document_of_the_same_agency_is_filed(office, record):
    secret = make_document(office.stp, confidentiality=Confidentiality.CONFIDENTIAL)
    with pytest.raises(Http404):
        services.file_document(actor=office.clerk, record=record, document=secret)
    elsewhere = make_document(office.sxd)
    with pytest.raises(Http404):  # the clerk of STP does not read Sở Xây dựng's documents
        services.file_document(actor=office.clerk, record=record, document=elsewhere)
    theirs_but_readable = make_document(office.sxd, created_by=office.clerk)
    with pytest.raises(services.ArchiveError, match="không thuộc cơ quan"):
        services.file_document(actor=office.clerk, record=record, document=theirs_but_readable)
    for outsider in (office.province_leader, office.specialist):  # read, or nothing: not keepers
        with pytest.raises(AccessDenied):
            services.file_document(actor=outsider, record=record, document=elsewhere)
    assert not RecordItem.objects.exists()


def test_closing_computes_dates_totals_and_the_transfer_due_date(office, record, three_documents):
    with pytest.raises(services.ArchiveError, match="chưa có văn bản"):
        services.close_file(actor=office.clerk, record=record)
    for document in three_documents:
        services.file_document(actor=office.clerk, record=record, document=document)
    closed = services.close_file(actor=office.clerk, record=record, today=date(2026, 4, 1))
    assert closed.state == FileState.CLOSED
    assert (closed.start_date, closed.end_date) == (date(2026, 1, 5), date(2026, 3, 20))
    assert (closed.doc_total, closed.page_total) == (3, 6)
    assert closed.transfer_due == date(2027, 4, 1)  # Điều 30.2.b: 01 year
    with pytest.raises(services.ArchiveError, match="đã kết thúc"):
        services.file_document(
            actor=office.clerk, record=closed, document=make_document(office.stp)
        )
    moved = services.transfer_file(actor=office.clerk, record=closed)
    assert moved.state == FileState.TRANSFERRED and moved.transferred_at
    with pytest.raises(services.ArchiveError, match="Chỉ hồ sơ đã kết thúc"):
        services.transfer_file(actor=office.clerk, record=moved)


def test_construction_files_are_due_in_three_months_and_short_ones_stay(office, plan):
    short = services.file_create(
        actor=office.clerk,
        plan=plan,
        notation="09",
        title="Giấy mời họp",
        person=office.head,
        retention_years=2,
        is_construction=True,
    )
    services.file_document(actor=office.clerk, record=short, document=make_document(office.stp))
    closed = services.close_file(actor=office.clerk, record=short, today=date(2026, 11, 30))
    assert closed.transfer_due == date(2027, 2, 28)  # Điều 30.2.a: 03 months
    with pytest.raises(services.ArchiveError, match="dưới 05 năm"):
        services.transfer_file(actor=office.clerk, record=closed)
    assert RecordFile.objects.get(pk=short.pk).state == FileState.CLOSED


def test_the_30_day_alert_is_sent_once(office, record, three_documents):
    office.specialist.email = "chuyenvien@stp.example"
    office.specialist.save(update_fields=["email"])
    for document in three_documents:
        services.file_document(actor=office.clerk, record=record, document=document)
    services.close_file(actor=office.clerk, record=record, today=date(2026, 4, 1))  # due 01/04/2027
    assert send_due_alerts(today=date(2027, 3, 1)) == 0  # 31 days ahead: not yet
    assert send_due_alerts(today=date(2027, 3, 2)) == 1  # 30 days ahead
    assert send_due_alerts(today=date(2027, 3, 3)) == 0
    call_command("archive_due_alerts", stdout=io.StringIO())
    sent = Notification.objects.filter(recipient="chuyenvien@stp.example")
    assert sent.count() == 1
    assert "đến hạn nộp lưu ngày 01/04/2027" in sent.get().subject
    assert RecordFile.objects.get(pk=record.pk).transfer_alerted_at is not None
