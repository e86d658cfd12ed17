"""A unit's assignment reaches its head and its specialists only (issue 14, item 8): a clerk
or a leader whose role names the department (where they sit) gets no share of its work."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tinhso.documents import access
from tinhso.documents.incoming_selectors import inbox
from tinhso.documents.kinds import AssignmentRole
from tinhso.documents.models import Assignment, Document, DocumentState
from tinhso.documents.tests.search_factories import make_document

pytestmark = pytest.mark.django_db


def _line_to(department, document: Document, by) -> Assignment:
    return Assignment.objects.create(
        document=document,
        role=AssignmentRole.LEAD,
        department=department,
        deadline=timezone.localdate() + timedelta(days=10),
        assigned_by=by,
        assigned_at=timezone.now(),
    )


def test_a_line_to_the_office_reaches_its_specialist_not_the_clerk_who_sits_there(office):
    document = make_document(office.stp, subject="Công văn cho Văn phòng", state="assigned")
    _line_to(office.office_dept, document, office.leader)

    assert [a.document_id for a in inbox(office.office_specialist)] == [document.pk]
    assert list(inbox(office.clerk)) == []
    assert access.user_departments(office.clerk) == []
    assert access.user_departments(office.office_specialist) == [office.office_dept.pk]


def test_the_head_of_the_unit_still_sees_its_lines(office):
    document = make_document(office.stp, subject="Công văn cho phòng", state=DocumentState.ASSIGNED)
    _line_to(office.legal_dept, document, office.leader)

    assert [a.document_id for a in inbox(office.head)] == [document.pk]
    assert [a.document_id for a in inbox(office.specialist)] == [document.pk]
    assert list(inbox(office.office_specialist)) == []
