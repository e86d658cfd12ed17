"""Concurrent edits, recall and replacement of outgoing documents (issue 14 items 3, Bad input)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from tinhso.audit.models import AuditEvent
from tinhso.documents import access, outgoing, outgoing_dispatch, outgoing_signing
from tinhso.documents.models import Document, DocumentState
from tinhso.documents.models.outgoing import (
    OutgoingRecipient,
    OutgoingRelation,
    RecipientKind,
    RecipientStatus,
)
from tinhso.documents.outgoing_flow import OutgoingError
from tinhso.documents.tests.outgoing_support import (  # noqa: F401  (fixtures)
    _media,
    approved_draft,
    demo_provider,
    new_draft,
    pdf_upload,
    pki,
    signing,
)

pytestmark = pytest.mark.django_db


def test_a_draft_edited_by_two_people_at_once_refuses_the_stale_save(office):
    d = new_draft(office)
    seen = d.version  # both the author and the head opened this version
    outgoing.draft_add_version(
        office.head, d, pdf_upload("BẢN CỦA TRƯỞNG PHÒNG"), "Sửa mục 1", expected_version=seen
    )
    with pytest.raises(outgoing.StaleDraft) as exc:
        outgoing.draft_add_version(
            office.specialist,
            d,
            pdf_upload("BẢN CỦA CHUYÊN VIÊN"),
            "Sửa mục 2",
            expected_version=seen,
        )
    assert "CHƯA được lưu" in str(exc.value)
    assert [v.note for v in d.drafts.order_by("number")] == ["Bản đầu", "Sửa mục 1"]
    with pytest.raises(outgoing.StaleDraft):
        outgoing.draft_update(
            office.specialist, d, outgoing.DraftData("CV", "Trích yếu mới"), expected_version=seen
        )
    d.refresh_from_db()
    assert d.subject == "V/v góp ý dự thảo quy hoạch"
    outgoing.draft_update(
        office.specialist, d, outgoing.DraftData("CV", "Trích yếu mới"), expected_version=d.version
    )
    d.refresh_from_db()
    assert d.subject == "Trích yếu mới"


def test_only_the_author_and_the_head_edit_a_draft(office):
    d = new_draft(office)
    with pytest.raises(access.AccessDenied):
        outgoing.draft_add_version(
            office.office_specialist, d, pdf_upload(), "x", expected_version=d.version
        )
    with pytest.raises(access.DocumentNotFound):
        access.readable_document(office.other_clerk, d.pk)


def _sent(office):
    d = approved_draft(office)
    outgoing.recipient_add(office.clerk, d, RecipientKind.INTERNAL, agency_id=office.sxd.pk)
    outgoing.recipient_add(
        office.clerk, d, RecipientKind.EXTERNAL, name="Bộ Tư pháp", organ_id="000.00.00.G12"
    )
    outgoing_signing.sign(office.leader, d)
    outgoing_signing.number_and_seal(office.clerk, d)
    return outgoing_dispatch.send(office.clerk, d)


@pytest.mark.usefixtures("signing")
def test_recall_freezes_the_document_and_hides_the_copy(office):
    d = _sent(office)
    copy = d.recipients.get(kind="internal").internal_copy
    assert access.readable_documents(office.other_clerk).filter(pk=copy.pk).exists()
    with pytest.raises(OutgoingError, match="lý do"):
        outgoing_dispatch.recall(office.leader, d, "")
    with pytest.raises(access.AccessDenied):
        outgoing_dispatch.recall(office.specialist, d, "Sai nơi nhận")
    outgoing_dispatch.recall(office.leader, d, "Gửi nhầm đối tượng")
    d.refresh_from_db()
    copy.refresh_from_db()
    assert d.state == DocumentState.RECALLED and d.outgoing.recall_reason == "Gửi nhầm đối tượng"
    assert copy.state == DocumentState.RECALLED
    statuses = dict(d.recipients.values_list("kind", "status"))
    assert statuses == {"internal": RecipientStatus.RECALLED, "external": RecipientStatus.CANCELLED}
    # frozen: no new recipient, no edit, no second send
    with pytest.raises(OutgoingError):
        outgoing.recipient_add(office.clerk, d, RecipientKind.INTERNAL, agency_id=office.ubnd.pk)
    with pytest.raises(OutgoingError):
        outgoing_dispatch.send(office.clerk, d)
    with pytest.raises(OutgoingError):
        outgoing.draft_comment(office.leader, d, "Ý kiến sau khi thu hồi")
    assert AuditEvent.objects.filter(action="documents.outgoing_recall").count() == 1


@pytest.mark.usefixtures("signing")
def test_recall_of_one_copy(office):
    d = _sent(office)
    row = d.recipients.get(kind="internal")
    outgoing_dispatch.recall_copy(office.clerk, row, "Không thuộc thẩm quyền")
    row.refresh_from_db()
    assert row.status == RecipientStatus.RECALLED
    assert row.internal_copy.state == DocumentState.RECALLED
    d.refresh_from_db()
    assert d.state == DocumentState.SENT


@pytest.mark.usefixtures("signing")
def test_replacement_references_the_old_and_replaces_it_when_issued(office):
    old = _sent(office)
    new = outgoing_dispatch.start_successor(
        office.clerk,
        old,
        OutgoingRelation.REPLACES,
        "Sai số liệu tại mục 2",
        pdf_upload("THAY THẾ"),
    )
    assert new.outgoing.related == old and new.doc_type == old.doc_type
    assert "thay thế văn bản số 01/STP-XDKTVB" in new.subject
    assert OutgoingRecipient.objects.filter(document=new).count() == 2
    new.created_by = office.specialist  # written by the unit, as usual
    new.drafting_department = office.legal_dept
    new.save()
    outgoing.submit(office.specialist, new)
    outgoing.approve(office.head, new, "content")
    outgoing.approve(office.clerk, new, "format")
    outgoing_signing.sign(office.leader, new)
    outgoing_signing.number_and_seal(office.clerk, new)
    old.refresh_from_db()
    assert old.state == DocumentState.REPLACED
    assert new.code_number == "02"


@pytest.mark.usefixtures("signing")
def test_a_format_error_is_corrected_by_an_official_letter(office):
    old = _sent(office)
    new = outgoing_dispatch.start_successor(
        office.clerk, old, OutgoingRelation.CORRECTS, "Sai ký hiệu", pdf_upload("ĐÍNH CHÍNH")
    )
    assert new.doc_type == "CV" and new.outgoing.relation == OutgoingRelation.CORRECTS
    with pytest.raises(OutgoingError):
        outgoing_dispatch.start_successor(
            office.clerk, new, OutgoingRelation.CORRECTS, "x", pdf_upload()
        )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel transactions need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_parallel_saves_of_the_same_version_one_wins(office):
    d = new_draft(office)
    seen = d.version
    barrier = threading.Barrier(2)

    def save(user, subject):
        try:
            doc = Document.objects.get(pk=d.pk)
            barrier.wait()
            outgoing.draft_update(
                user, doc, outgoing.DraftData("CV", subject), expected_version=seen
            )
            return "saved"
        except outgoing.StaleDraft:
            return "stale"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(
            pool.map(
                save, [office.specialist, office.head], ["Bản chuyên viên", "Bản trưởng phòng"]
            )
        )
    assert sorted(results) == ["saved", "stale"]
    d.refresh_from_db()
    winner = "Bản chuyên viên" if results[0] == "saved" else "Bản trưởng phòng"
    assert d.subject == winner and d.version == seen + 1


def test_recipients_bad_input_is_refused(office):
    d = new_draft(office)
    bad = [
        {"kind": RecipientKind.EXTERNAL, "name": "Bộ Tư pháp", "organ_id": "bo tu phap"},
        {"kind": RecipientKind.EXTERNAL, "name": "", "organ_id": "000.00.00.G12"},
        {"kind": RecipientKind.INTERNAL, "agency_id": office.stp.pk},
        {"kind": RecipientKind.PAPER, "name": "Ông A", "address": ""},
        {"kind": "fax", "name": "X"},
    ]
    for kwargs in bad:
        with pytest.raises(OutgoingError):
            outgoing.recipient_add(office.specialist, d, **kwargs)
    outgoing.recipient_add(office.specialist, d, RecipientKind.INTERNAL, agency_id=office.sxd.pk)
    with pytest.raises(OutgoingError, match="đã có"):
        outgoing.recipient_add(office.clerk, d, RecipientKind.INTERNAL, agency_id=office.sxd.pk)
    assert d.recipients.count() == 1


@pytest.mark.usefixtures("signing")
def test_a_secret_copy_is_readable_by_the_receiving_clerk(office):
    d = outgoing.draft_create(
        office.specialist,
        outgoing.DraftData("CV", "V/v tài liệu mật", confidentiality="mat"),
        pdf_upload(),
    )
    assert not access.readable_documents(office.leader).filter(pk=d.pk).exists()
    outgoing.submit(office.specialist, d)
    for reader in (office.head, office.clerk, office.leader):
        assert access.readable_documents(reader).filter(pk=d.pk).exists()
    assert not access.readable_documents(office.office_specialist).filter(pk=d.pk).exists()
    outgoing.approve(office.head, d, "content")
    outgoing.approve(office.clerk, d, "format")
    outgoing.recipient_add(office.clerk, d, RecipientKind.INTERNAL, agency_id=office.sxd.pk)
    outgoing_signing.sign(office.leader, d)
    outgoing_signing.number_and_seal(office.clerk, d)
    assert d.book.series == "secret"
    outgoing_dispatch.send(office.clerk, d)
    copy = d.recipients.get().internal_copy
    assert access.readable_documents(office.other_clerk).filter(pk=copy.pk).exists()
    assert not access.readable_documents(office.other_leader).filter(pk=copy.pk).exists()
