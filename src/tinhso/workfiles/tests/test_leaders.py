"""The leaders' panel (điều hành văn bản): counts per unit, scope per leader, the page and
the dashboard's e-office card."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tinhso.documents.kinds import AssignmentRole, Direction
from tinhso.documents.models import Assignment, DocumentState
from tinhso.workfiles import leaders, services
from tinhso.workfiles.leaders import NO_UNIT

from .conftest import document, open_file

pytestmark = pytest.mark.django_db


def assign(office, doc, deadline_offset, **kw):
    return Assignment.objects.create(
        document=doc,
        role=AssignmentRole.LEAD,
        deadline=timezone.localdate() + timedelta(days=deadline_offset),
        assigned_by=office.leader,
        assigned_at=timezone.now(),
        **kw,
    )


@pytest.fixture
def busy(office):
    approved = {"state": DocumentState.APPROVED}
    document(office, Direction.OUTGOING, **approved)
    document(office, Direction.OUTGOING, **approved)
    document(office, Direction.OUTGOING)  # a draft: not waiting for signature
    document(office, Direction.OUTGOING, agency=office.sxd, **approved)
    document(office, Direction.OUTGOING, agency=office.ubnd, **approved)
    incoming = document(office)
    assign(office, incoming, -1, department=office.legal_dept)
    assign(office, incoming, -2, assignee=office.specialist)  # the assignee's department counts
    assign(office, incoming, -3, assignee=office.leader)  # no department: "chưa giao phòng"
    assign(office, incoming, -1, department=office.legal_dept, done_at=timezone.now())
    assign(office, incoming, -1, department=office.legal_dept, is_active=False)
    assign(office, incoming, 2, department=office.office_dept)  # not due yet
    assign(office, document(office, agency=office.sxd), -1, assignee=office.other_clerk)
    long_ago = timezone.now() - timedelta(days=60)
    open_file(office, now=long_ago)  # overdue, Phòng XDKTVB
    open_file(office, now=long_ago, department=office.office_dept, in_charge=None)  # overdue, VP
    open_file(office, now=timezone.now(), deadline_days=1)  # due soon
    open_file(office, now=timezone.now(), deadline_days=20)  # far away
    paused = open_file(office, now=long_ago)
    services.work_file_act(user=office.specialist, work_file=paused, action="start")
    services.work_file_act(user=office.specialist, work_file=paused, action="pause", note="Chờ")
    done = open_file(office, now=long_ago)
    services.work_file_act(user=office.specialist, work_file=done, action="start")
    services.work_file_act(user=office.specialist, work_file=done, action="complete")
    open_file(
        office,
        user=office.other_leader,
        agency=office.sxd,
        department=None,
        in_charge=None,
        now=long_ago,
    )
    return office


def test_an_agency_leader_sees_their_agency(busy):
    panel = leaders.panel_for(busy.leader)
    assert panel.awaiting_signature_count == 2
    rows = {(r.agency, r.unit): r.overdue for r in panel.assignments_by_unit}
    stp = busy.stp.short_name or busy.stp.name
    assert rows == {(stp, busy.legal_dept.name): 2, (stp, NO_UNIT): 1}
    assert panel.overdue_assignments == 3
    files = {(r.unit, r.overdue, r.soon) for r in panel.work_files_by_unit}
    assert files == {(busy.legal_dept.name, 1, 1), (busy.office_dept.name, 1, 0)}
    assert (panel.overdue_work_files, panel.due_soon_work_files) == (2, 1)
    assert len(panel.overdue_files) == 2


def test_the_province_leader_sees_every_agency_and_signs_for_ubnd(busy):
    panel = leaders.panel_for(busy.province_leader)
    assert panel.awaiting_signature_count == 1  # UBND tỉnh's own approved document
    assert panel.overdue_assignments == 4
    assert panel.overdue_work_files == 3


def test_other_staff_are_refused_and_the_card_is_absent(busy):
    from tinhso.accounts.access import AccessDenied

    for user in (busy.specialist, busy.head, busy.clerk):
        with pytest.raises(AccessDenied):
            leaders.panel_for(user)
        assert leaders.panel_or_none(user) is None
    assert leaders.panel_or_none(busy.other_leader).overdue_work_files == 1


def test_the_page_is_for_leaders(client, busy):
    client.force_login(busy.specialist)
    assert client.get(reverse("workfiles:panel")).status_code == 403
    client.force_login(busy.leader)
    page = client.get(reverse("workfiles:panel")).content.decode()
    assert "2 văn bản chờ ký" in page
    assert "3 phân công quá hạn" in page
    assert "2 hồ sơ công việc quá hạn, 1 sắp đến hạn" in page
    assert busy.legal_dept.name in page


def test_the_dashboard_shows_the_e_office_card(client, busy):
    client.force_login(busy.leader)
    response = client.get(reverse("dashboard:agency", args=[busy.stp.code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Văn bản chờ ký" in page and reverse("workfiles:panel") in page
