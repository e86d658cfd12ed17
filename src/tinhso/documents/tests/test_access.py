"""Who reads which document (tinhso.documents.access; issue 14 item 8)."""

import pytest
from django.utils import timezone

from tinhso.documents import access
from tinhso.documents.kinds import AssignmentRole, Channel, Confidentiality, Direction
from tinhso.documents.models import Assignment, Document, DocumentState


def _incoming(agency, **extra):
    values = {
        "direction": Direction.INCOMING,
        "agency": agency,
        "state": DocumentState.REGISTERED,
        "channel": Channel.PAPER,
        "doc_type": "CV",
        "subject": "Đề nghị phối hợp thẩm định",
        "organ_name": "UBND xã Tân Biên",
    }
    values.update(extra)
    return Document.objects.create(**values)


def _assign(document, by, **who):
    return Assignment.objects.create(
        document=document,
        role=AssignmentRole.LEAD,
        assigned_by=by,
        assigned_at=timezone.now(),
        **who,
    )


def _readers(document, office):
    people = {
        name: getattr(office, name)
        for name in (
            "clerk",
            "leader",
            "head",
            "specialist",
            "office_specialist",
            "other_clerk",
            "other_leader",
            "province_leader",
        )
    }
    return {name for name, user in people.items() if access.user_can_read_document(user, document)}


def test_the_agency_books_are_read_by_its_clerk_and_leaders_only(office):
    doc = _incoming(office.stp)
    assert _readers(doc, office) == {"clerk", "leader", "province_leader"}


def test_an_assignment_opens_the_document_to_the_person_and_their_unit(office):
    doc = _incoming(office.stp)
    _assign(doc, office.leader, assignee=office.specialist)
    assert _readers(doc, office) == {"clerk", "leader", "head", "specialist", "province_leader"}


def test_an_assignment_to_a_department_reaches_its_people_not_the_next_department(office):
    doc = _incoming(office.stp)
    _assign(doc, office.leader, department=office.office_dept)
    assert "office_specialist" in _readers(doc, office)
    assert "specialist" not in _readers(doc, office)


def test_an_undone_assignment_closes_the_document_again(office):
    doc = _incoming(office.stp)
    line = _assign(doc, office.leader, assignee=office.specialist)
    line.is_active = False
    line.save()
    assert "specialist" not in _readers(doc, office)


def test_a_confidential_document_is_read_by_the_named_only(office):
    doc = _incoming(office.stp, confidentiality=Confidentiality.CONFIDENTIAL)
    _assign(doc, office.leader, department=office.legal_dept)
    assert _readers(doc, office) == {"province_leader"}
    doc.named_readers.add(office.leader)
    _assign(doc, office.leader, assignee=office.specialist)
    assert _readers(doc, office) == {"leader", "specialist", "province_leader"}


def test_a_document_out_of_reach_is_a_404_like_a_missing_one(office):
    doc = _incoming(office.sxd)
    with pytest.raises(access.DocumentNotFound) as hidden:
        access.readable_document(office.clerk, doc.pk)
    with pytest.raises(access.DocumentNotFound) as missing:
        access.readable_document(office.clerk, doc.pk + 1000)
    assert str(hidden.value) == str(missing.value)


def test_citizens_read_no_document(office, django_user_model):
    from tinhso.accounts.services import citizen_create

    citizen = citizen_create(
        username="congdan",
        full_name="Nguyễn Thị Ánh",
        password="Mat-khau-rat-dai-2026!",
        cccd="079200001234",
    )
    _incoming(office.stp)
    assert not access.readable_documents(citizen).exists()
