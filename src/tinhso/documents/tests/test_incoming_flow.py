"""Incoming documents, end to end through the services (Nghị định 30/2020/NĐ-CP, Điều 21–24;
issue 14 item 2)."""

import pytest

from tinhso.audit.models import AuditEvent
from tinhso.documents import incoming, incoming_handling
from tinhso.documents.incoming_flow import (
    TRANSITIONS,
    IncomingAction,
    NotAllowed,
    TransitionError,
    allowed_actions,
)
from tinhso.documents.incoming_handling import SlipLine
from tinhso.documents.incoming_stamp import stamp_of
from tinhso.documents.kinds import AssignmentRole, Channel, Urgency
from tinhso.documents.models import Assignment, Document, DocumentState

from .incoming_helpers import at, pending, register_scan

pytestmark = pytest.mark.django_db

LEAD, COORD, INFORM = AssignmentRole.LEAD, AssignmentRole.COORDINATE, AssignmentRole.INFORM


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_whole_journey_of_an_incoming_letter(office):
    doc = register_scan(office, moment=at(2026, 12, 2, 9, 30))
    assert doc.state == DocumentState.REGISTERED
    assert doc.book_number == 1 and doc.book.year == 2026
    stamp = stamp_of(Document.objects.get(pk=doc.pk))
    assert (stamp.arrival_number, stamp.arrival_date, stamp.arrival_time) == (
        1,
        "02/12/2026",
        "09:30",
    )
    stored = doc.files.get()
    assert stored.content_type == "application/pdf" and len(stored.sha256) == 64
    second = register_scan(office, code_number="126", moment=at(2026, 12, 2, 10, 0))
    assert second.book_number == 2

    incoming_handling.assign(
        doc,
        actor=office.leader,
        lines=[
            SlipLine(LEAD, department=office.legal_dept, working_days=5, instruction="Chủ trì"),
            SlipLine(COORD, assignee=office.office_specialist, working_days=3),
            SlipLine(INFORM, assignee=office.clerk),
        ],
        moment=at(2026, 12, 2, 14, 0),
    )
    doc.refresh_from_db()
    assert doc.state == DocumentState.ASSIGNED
    assert stamp_of(doc).transferred_to == office.legal_dept.name
    lead = doc.assignments.get(role=LEAD)
    assert lead.deadline.isoformat() == "2026-12-09"  # Wed + 5 working days

    # The head hands it to the specialist within the department.
    (child,) = incoming_handling.delegate(
        lead,
        actor=office.head,
        lines=[SlipLine(LEAD, assignee=office.specialist, working_days=2)],
        moment=at(2026, 12, 2, 15, 0),
    )
    assert child.parent_id == lead.pk and child.deadline.isoformat() == "2026-12-04"

    assert incoming_handling.mark_read(doc, user=office.specialist) == 2  # unit line + own line
    assert Assignment.objects.get(pk=child.pk).read_at is not None
    assert Assignment.objects.get(pk=doc.assignments.get(role=COORD).pk).read_at is None

    line = incoming_handling.report_progress(
        doc, actor=office.specialist, percent=60, note="Dự thảo"
    )
    doc.refresh_from_db()
    assert doc.state == DocumentState.IN_PROGRESS and line.progress == 60

    incoming_handling.complete(doc, actor=office.specialist, reply_notation="15/STP-XDKTVB")
    doc.refresh_from_db()
    assert doc.state == DocumentState.DONE
    assert doc.incoming_detail.reply_notation == "15/STP-XDKTVB"
    assert Assignment.objects.get(pk=lead.pk).progress == 100
    actions = list(
        AuditEvent.objects.filter(object_id=str(doc.pk), action__startswith="document.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "document.incoming.register",
        "document.incoming.assign",
        "document.incoming.delegate",
        "document.incoming.read",
        "document.incoming.progress",
        "document.incoming.complete",
    ]


def test_a_pending_internal_document_is_registered_or_refused_by_the_clerk(office):
    waiting = pending(office)
    doc = incoming.register(actor=office.clerk, pending=waiting, moment=at(2026, 12, 2, 9, 0))
    assert doc.state == DocumentState.REGISTERED and doc.book_number == 1
    assert doc.channel == Channel.INTERNAL

    other = pending(office, code_number="08")
    with pytest.raises(incoming.IncomingError, match="lý do"):
        incoming.refuse(other, actor=office.clerk, reason="  ")
    refused = incoming.refuse(other, actor=office.clerk, reason="Gửi nhầm cơ quan")
    assert refused.state == DocumentState.REFUSED and refused.book_number is None
    assert refused.incoming_detail.refusal_reason == "Gửi nhầm cơ quan"


def test_the_transition_table_refuses_what_it_does_not_list(office):
    waiting = pending(office)
    with pytest.raises(NotAllowed, match="văn thư"):
        incoming.register(actor=office.specialist, pending=waiting)
    with pytest.raises(NotAllowed):
        incoming.register(actor=office.other_clerk, pending=waiting)
    with pytest.raises(TransitionError, match="Chờ vào sổ"):
        incoming_handling.assign(
            waiting, actor=office.leader, lines=[SlipLine(LEAD, assignee=office.specialist)]
        )
    doc = register_scan(office)
    with pytest.raises(TransitionError, match="Đã vào sổ"):
        incoming_handling.complete(doc, actor=office.leader)
    with pytest.raises(TransitionError):
        incoming.refuse(doc, actor=office.clerk, reason="Muộn")
    with pytest.raises(NotAllowed, match="lãnh đạo cơ quan"):
        incoming_handling.assign(
            doc, actor=office.clerk, lines=[SlipLine(LEAD, assignee=office.specialist)]
        )
    with pytest.raises(TransitionError):
        incoming_handling.report_progress(doc, actor=office.specialist, percent=10)
    doc.refresh_from_db()
    assert doc.state == DocumentState.REGISTERED and not doc.assignments.exists()
    assert [t.action for t in allowed_actions(doc, office.leader)] == [IncomingAction.ASSIGN]
    assert allowed_actions(doc, office.specialist) == []
    # Every row names who, what it records and its legal basis.
    assert all(t.actors and t.records and "Nghị định 30/2020" in t.basis for t in TRANSITIONS)


def test_the_slip_needs_exactly_one_lead_and_a_head_delegates_only_in_the_unit(office):
    doc = register_scan(office)
    with pytest.raises(incoming.IncomingError, match="đúng một"):
        incoming_handling.assign(
            doc, actor=office.leader, lines=[SlipLine(COORD, assignee=office.specialist)]
        )
    incoming_handling.assign(
        doc, actor=office.leader, lines=[SlipLine(LEAD, department=office.legal_dept)]
    )
    lead = doc.assignments.get()
    with pytest.raises(incoming.IncomingError, match="không thuộc đơn vị"):
        incoming_handling.delegate(
            lead, actor=office.head, lines=[SlipLine(LEAD, assignee=office.office_specialist)]
        )
    with pytest.raises(NotAllowed):
        incoming_handling.delegate(
            lead, actor=office.specialist, lines=[SlipLine(LEAD, assignee=office.specialist)]
        )
    assert doc.assignments.count() == 1


def test_a_new_slip_replaces_the_old_one_and_a_stale_version_is_refused(office):
    doc = register_scan(office)
    incoming_handling.assign(doc, actor=office.leader, lines=[SlipLine(LEAD, assignee=office.head)])
    doc.refresh_from_db()
    with pytest.raises(incoming.IncomingError, match="người khác cập nhật"):
        incoming_handling.assign(
            doc,
            actor=office.leader,
            lines=[SlipLine(LEAD, assignee=office.specialist)],
            version=doc.version - 1,
        )
    incoming_handling.assign(
        doc,
        actor=office.leader,
        lines=[SlipLine(LEAD, assignee=office.specialist)],
        version=doc.version,
    )
    active = doc.assignments.filter(is_active=True)
    assert [a.assignee for a in active] == [office.specialist]
    assert doc.assignments.filter(is_active=False).count() == 1


def test_progress_is_between_0_and_100(office):
    doc = register_scan(office)
    incoming_handling.assign(
        doc, actor=office.leader, lines=[SlipLine(LEAD, assignee=office.specialist)]
    )
    for bad in (-1, 101):
        with pytest.raises(incoming.IncomingError, match="từ 0 đến 100"):
            incoming_handling.report_progress(doc, actor=office.specialist, percent=bad)
    doc.refresh_from_db()
    assert doc.state == DocumentState.ASSIGNED


def test_a_late_registration_is_flagged(office):
    # Arrived Friday 04/12: ordinary documents may wait until Monday 07/12, not Tuesday.
    on_time = register_scan(
        office, arrival_at=at(2026, 12, 4, 16, 0), moment=at(2026, 12, 7, 17, 0)
    )
    late = register_scan(
        office, code_number="200", arrival_at=at(2026, 12, 4, 16, 0), moment=at(2026, 12, 8, 8, 0)
    )
    assert not on_time.incoming_detail.registered_late
    assert late.incoming_detail.registered_late
    # Urgent ones at once: three office hours later is late.
    urgent = register_scan(
        office,
        code_number="201",
        urgency=Urgency.FLASH,
        arrival_at=at(2026, 12, 2, 8, 0),
        moment=at(2026, 12, 2, 11, 30),
    )
    assert urgent.incoming_detail.registered_late
