"""Issue 14 item 3: draft → approve → sign → number → seal → send, at service level."""

from __future__ import annotations

import pytest

from tinhso.accounts.access import AccessDenied
from tinhso.audit.models import AuditEvent
from tinhso.documents import outgoing, outgoing_dispatch, outgoing_signing
from tinhso.documents.kinds import Channel, Direction
from tinhso.documents.models import Document, DocumentState
from tinhso.documents.models.outgoing import ApprovalKind, RecipientKind, RecipientStatus
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
from tinhso.signatures import validation

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("signing")
def test_the_whole_journey_ends_with_a_pending_copy_whose_signatures_validate(office):
    d = approved_draft(office)
    assert d.state == DocumentState.APPROVED
    outgoing.recipient_add(office.specialist, d, RecipientKind.INTERNAL, agency_id=office.sxd.pk)
    outgoing.recipient_add(
        office.clerk, d, RecipientKind.EXTERNAL, name="Bộ Tư pháp", organ_id="000.00.00.G12"
    )
    outgoing.recipient_add(
        office.clerk,
        d,
        RecipientKind.PAPER,
        name="Ông Nguyễn Văn A",
        address="12 Lê Lợi, phường Tân Ninh",
    )
    status, _ = outgoing_signing.sign(office.leader, d)
    assert status == "signed" and d.state == DocumentState.SIGNED
    assert d.book_number is None  # no number before the clerk takes it
    assert outgoing_signing.signature_verdicts(d) == {"ChuKyLanhDao": validation.VALID}

    outgoing_signing.number_and_seal(office.clerk, d)
    assert d.state == DocumentState.ISSUED
    assert d.number_and_symbol == "01/STP-XDKTVB"
    sealed = outgoing_signing.file_bytes(outgoing_signing.current_main(d))
    values = outgoing_signing.field_values(sealed)
    assert values["SoKyHieu"] == "Số: 01/STP-XDKTVB"
    assert values["NgayBanHanh"] == outgoing_signing.date_line(d)
    report = validation.validate_pdf(sealed)
    by_field = {s.field: s for s in report.signatures}
    assert by_field["ChuKyLanhDao"].verdict == validation.VALID
    assert by_field["ChuKyCoQuan"].verdict == validation.VALID
    # the seal signs the revision that carries the number
    assert (
        by_field["ChuKyLanhDao"].signed_revision_bytes
        < by_field["ChuKyCoQuan"].signed_revision_bytes
    )

    outgoing_dispatch.send(office.clerk, d)
    assert d.state == DocumentState.SENT
    rows = {r.kind: r for r in d.recipients.all()}
    assert rows["external"].status == RecipientStatus.EXCHANGE_WAITING
    assert rows["paper"].postal.number_and_symbol == "01/STP-XDKTVB"
    copy = rows["internal"].internal_copy
    assert (copy.direction, copy.state, copy.channel) == (
        Direction.INCOMING,
        DocumentState.PENDING,
        Channel.INTERNAL,
    )
    assert copy.agency == office.sxd and copy.source == d and copy.book_number is None
    copied = copy.files.get().file.read()
    assert copied == sealed
    assert {s.field: s.verdict for s in validation.validate_pdf(copied).signatures} == {
        "ChuKyLanhDao": validation.VALID,
        "ChuKyCoQuan": validation.VALID,
    }
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "documents.outgoing_sign",
        "documents.outgoing_issue",
        "documents.outgoing_send",
    } <= actions


@pytest.mark.usefixtures("signing")
def test_tracking_shows_the_receivers_registration(office):
    from tinhso.notifications.models import Notification

    office.other_clerk.email = "vanthu.sxd@tinhso.local"
    office.other_clerk.save(update_fields=["email"])
    d = approved_draft(office)
    outgoing.recipient_add(office.clerk, d, RecipientKind.INTERNAL, agency_id=office.sxd.pk)
    outgoing_signing.sign(office.leader, d)
    outgoing_signing.number_and_seal(office.clerk, d)
    outgoing_dispatch.send(office.clerk, d)
    copy = d.recipients.get().internal_copy
    told = Notification.objects.get(user=office.other_clerk)
    assert "chờ vào sổ" in told.subject and "01/STP-XDKTVB" in told.subject
    Document.objects.filter(pk=copy.pk).update(state=DocumentState.REGISTERED)
    [row] = outgoing_dispatch.sync_tracking(d)
    assert row.status == RecipientStatus.RECEIVED and row.received_at is not None
    assert [e.status for e in row.events.all()] == ["sent", "received"]


@pytest.mark.usefixtures("signing")
def test_refusals_of_the_transition_table(office):
    d = new_draft(office)
    with pytest.raises(OutgoingError, match="trạng thái"):
        outgoing.approve(office.clerk, d, ApprovalKind.FORMAT)  # not submitted yet
    outgoing.submit(office.specialist, d)
    with pytest.raises(OutgoingError, match="Nội dung dự thảo phải được"):
        outgoing.approve(office.clerk, d, ApprovalKind.FORMAT)  # content first
    with pytest.raises(AccessDenied):
        outgoing.approve(office.specialist, d, ApprovalKind.CONTENT)  # not the head
    with pytest.raises(OutgoingError, match="trạng thái"):
        outgoing_signing.sign(office.leader, d)  # not approved
    with pytest.raises(OutgoingError, match="lý do"):
        outgoing.return_draft(office.head, d, "  ")
    outgoing.return_draft(office.head, d, "Sửa đoạn 2")
    assert d.state == DocumentState.DRAFT
    d.refresh_from_db()
    assert d.state == DocumentState.DRAFT
    with pytest.raises(OutgoingError, match="trạng thái"):
        outgoing_dispatch.send(office.clerk, d)


@pytest.mark.usefixtures("signing")
def test_the_number_comes_only_after_the_signature(office):
    d = approved_draft(office)
    with pytest.raises(OutgoingError, match="trạng thái"):
        outgoing_signing.number_and_seal(office.clerk, d)
    d.refresh_from_db()
    assert d.book_number is None and d.code_number == ""


@pytest.mark.usefixtures("signing")
def test_only_the_leader_signs_and_only_the_clerk_numbers(office):
    d = approved_draft(office)
    for someone in (office.clerk, office.head, office.other_leader):
        with pytest.raises(AccessDenied):
            outgoing_signing.sign(someone, d)
    outgoing_signing.sign(office.leader, d)
    for someone in (office.leader, office.specialist, office.other_clerk):
        with pytest.raises(AccessDenied):
            outgoing_signing.number_and_seal(someone, d)
    d.refresh_from_db()
    assert d.state == DocumentState.SIGNED and d.book_number is None


@pytest.mark.usefixtures("signing")
def test_a_failed_seal_gives_the_number_back(office, settings):
    d = approved_draft(office)
    outgoing_signing.sign(office.leader, d)
    settings.OUTGOING_SEAL_PROVIDER = "khong-co"
    with pytest.raises(OutgoingError):
        outgoing_signing.number_and_seal(office.clerk, d)
    d.refresh_from_db()
    assert d.state == DocumentState.SIGNED and d.book_number is None
    settings.OUTGOING_SEAL_PROVIDER = "demo_key"
    outgoing_signing.number_and_seal(office.clerk, d)
    assert d.code_number == "01"  # no gap


def test_a_file_that_is_not_a_document_is_refused(office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("du-thao.pdf", b"<html><script>x</script></html>")
    with pytest.raises(OutgoingError):
        outgoing.draft_create(office.specialist, outgoing.DraftData("CV", "Thử"), fake)
    assert not Document.objects.exists()


def test_every_action_is_refused_from_every_state_it_does_not_start_from(office):
    from tinhso.documents.outgoing_flow import TRANSITIONS, check_transition

    d = new_draft(office)
    for t in TRANSITIONS:
        for state in set(DocumentState.values) - set(t.sources):
            d.state = state
            with pytest.raises(OutgoingError, match="trạng thái"):
                check_transition(office.leader, d, t.action, "lý do", system=True)
