"""The bad input of issue 14 on the incoming side, and who sees what (item 8)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.documents import access, incoming, incoming_handling
from tinhso.documents.incoming_handling import SlipLine, deadline_in_working_days
from tinhso.documents.kinds import AssignmentRole, Channel, Confidentiality, Urgency
from tinhso.documents.models import Assignment, Document, DocumentFile
from tinhso.notifications.models import Notification

from .incoming_helpers import at, data, pending, register_scan, scan

pytestmark = pytest.mark.django_db
LEAD, COORD = AssignmentRole.LEAD, AssignmentRole.COORDINATE


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_duplicate_registration_warns_and_changes_nothing_until_confirmed(office):
    first = register_scan(office)
    with pytest.raises(incoming.DuplicateWarning, match="đã được vào sổ") as caught:
        register_scan(office, code_number="0125", code_notation="sxd-vp")  # same, written apart
    assert caught.value.duplicates == [first]
    assert Document.objects.count() == 1 and DocumentFile.objects.count() == 1
    again = register_scan(office, confirm_duplicate=True)
    assert again.book_number == 2 and again.incoming_detail.duplicate_confirmed
    # A pending copy of the same letter warns as well.
    with pytest.raises(incoming.DuplicateWarning):
        incoming.register(actor=office.clerk, pending=pending(office, code_number="125"))


def test_an_urgent_document_alerts_the_leaders_at_once(office):
    office.leader.email = "giamdoc@stp.gov.vn"
    office.leader.save(update_fields=["email"])
    register_scan(office, urgency=Urgency.FLASH)
    (alert,) = Notification.objects.filter(user=office.leader)
    assert alert.recipient == "giamdoc@stp.gov.vn"
    assert "HỎA TỐC" in alert.subject and "số 1" in alert.subject
    register_scan(office, code_number="9", urgency=Urgency.NORMAL)
    assert Notification.objects.filter(user=office.leader).count() == 1


def test_deadlines_count_working_days_over_weekends_and_tet(office):
    assert deadline_in_working_days(date(2026, 12, 4), 3) == date(2026, 12, 9)  # Fri → Wed
    # Tết Đinh Mùi: 04–10/02/2027 are days off; Wed 03/02 + 3 working days is Mon 15/02.
    assert deadline_in_working_days(date(2027, 2, 3), 3) == date(2027, 2, 15)
    doc = register_scan(office, arrival_at=at(2026, 12, 4, 8, 0), moment=at(2026, 12, 4, 9, 0))
    incoming_handling.assign(
        doc,
        actor=office.leader,
        lines=[SlipLine(LEAD, assignee=office.specialist, working_days=3)],
        moment=at(2026, 12, 4, 10, 0),
    )
    assert doc.assignments.get().deadline == date(2026, 12, 9)


def test_an_assignment_past_the_parent_deadline_is_refused(office):
    doc = register_scan(office, due_date=date(2026, 12, 10))
    with pytest.raises(incoming.IncomingError, match="vượt quá hạn giải quyết văn bản") as caught:
        incoming_handling.assign(
            doc,
            actor=office.leader,
            lines=[
                SlipLine(LEAD, department=office.legal_dept, deadline=date(2026, 12, 9)),
                SlipLine(COORD, assignee=office.office_specialist, deadline=date(2026, 12, 11)),
            ],
            moment=at(2026, 12, 2, 10, 0),
        )
    assert "11/12/2026" in str(caught.value) and "10/12/2026" in str(caught.value)
    assert not Assignment.objects.exists()
    incoming_handling.assign(
        doc,
        actor=office.leader,
        lines=[SlipLine(LEAD, department=office.legal_dept, deadline=date(2026, 12, 8))],
        moment=at(2026, 12, 2, 10, 0),
    )
    lead = doc.assignments.get()
    with pytest.raises(incoming.IncomingError, match="vượt quá hạn của đơn vị được giao"):
        incoming_handling.delegate(
            lead,
            actor=office.head,
            lines=[SlipLine(LEAD, assignee=office.specialist, deadline=date(2026, 12, 9))],
            moment=at(2026, 12, 2, 11, 0),
        )
    assert Assignment.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("cong-van.pdf", b"<html><script>alert(1)</script></html>"),
        ("cong-van.pdf", b"MZ\x90\x00 an executable"),
        ("cong-van.exe", b"%PDF-1.4\n%%EOF\n"),
        ("cong-van.pdf", b""),
    ],
)
def test_a_file_that_is_not_a_document_is_refused(office, name, body):
    upload = SimpleUploadedFile(name, body, content_type="application/pdf")
    with pytest.raises(incoming.IncomingError) as caught:
        incoming.register(
            actor=office.clerk,
            agency=office.stp,
            data=data(),
            files=[upload],
            channel=Channel.PAPER,
        )
    assert "files" in caught.value.errors
    assert not Document.objects.exists() and not DocumentFile.objects.exists()


def test_a_scan_is_required_and_an_image_scan_is_accepted(office):
    with pytest.raises(incoming.IncomingError, match="bản quét"):
        incoming.register(actor=office.clerk, agency=office.stp, data=data(), files=[])
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    doc = incoming.register(
        actor=office.clerk,
        agency=office.stp,
        data=data(),
        files=[SimpleUploadedFile("anh.png", png, content_type="application/pdf")],
    )
    assert doc.files.get().content_type == "image/png"  # from the bytes, not the claim


def test_bad_metadata_gets_vietnamese_messages(office):
    with pytest.raises(incoming.IncomingError) as caught:
        incoming.register(
            actor=office.clerk,
            agency=office.stp,
            data=data(doc_type="XX", subject=" ", organ_name=""),
            files=[scan()],
        )
    assert set(caught.value.errors) == {"doc_type", "subject", "organ_name"}
    assert not Document.objects.exists()


def test_a_confidential_document_needs_named_readers_and_only_they_read_it(office):
    with pytest.raises(incoming.IncomingError, match="người được đọc"):
        register_scan(office, confidentiality=Confidentiality.CONFIDENTIAL)
    with pytest.raises(incoming.IncomingError, match="cán bộ của cơ quan"):
        register_scan(
            office, confidentiality=Confidentiality.CONFIDENTIAL, named_readers=[office.other_clerk]
        )
    doc = register_scan(
        office, confidentiality=Confidentiality.CONFIDENTIAL, named_readers=[office.leader]
    )
    assert doc.book.series == "secret"
    assert access.user_can_read_document(office.leader, doc)
    assert access.user_can_read_document(office.province_leader, doc)
    assert not access.user_can_read_document(office.head, doc)
    with pytest.raises(incoming.IncomingError, match="đích danh"):
        incoming_handling.assign(
            doc, actor=office.leader, lines=[SlipLine(LEAD, department=office.legal_dept)]
        )
    incoming_handling.assign(
        doc, actor=office.leader, lines=[SlipLine(LEAD, assignee=office.specialist)]
    )
    assert access.user_can_read_document(office.specialist, doc)
    assert not access.user_can_read_document(office.office_specialist, doc)


def test_who_sees_an_incoming_document(office):
    doc = register_scan(office)
    with pytest.raises(access.DocumentNotFound):
        access.readable_document(office.other_clerk, doc.pk)
    with pytest.raises(access.DocumentNotFound):
        access.readable_document(office.specialist, doc.pk)  # not assigned yet
    assert access.readable_document(office.clerk, doc.pk) == doc
    incoming_handling.assign(
        doc, actor=office.leader, lines=[SlipLine(LEAD, department=office.legal_dept)]
    )
    assert access.readable_document(office.specialist, doc.pk) == doc
    with pytest.raises(access.DocumentNotFound):
        access.readable_document(office.office_specialist, doc.pk)
    # A pending row is the clerk's to register; others cannot even find it.
    waiting = pending(office, code_number="77")
    assert access.registrable_document(office.clerk, waiting.pk) == waiting
    with pytest.raises(access.DocumentNotFound):
        access.registrable_document(office.other_clerk, waiting.pk)


def _eml(attachment: bytes | None, name: str = "cong-van.pdf") -> SimpleUploadedFile:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Văn thư Sở Xây dựng <vanthu@sxd.tayninh.gov.vn>"
    message["To"] = "vanthu@stp.tayninh.gov.vn"
    message["Subject"] = "Gửi công văn số 125/SXD-VP"
    message["Date"] = "Wed, 02 Dec 2026 08:15:00 +0700"
    message.set_content("Kính gửi Sở Tư pháp, xin gửi công văn đính kèm.")
    if attachment is not None:
        message.add_attachment(attachment, maintype="application", subtype="pdf", filename=name)
    return SimpleUploadedFile("thu.eml", message.as_bytes(), content_type="message/rfc822")


def test_an_e_mail_is_registered_with_its_attachments_checked(office):
    from .incoming_helpers import PDF

    doc = incoming.register(
        actor=office.clerk,
        agency=office.stp,
        data=data(),
        channel=Channel.EMAIL,
        files=[_eml(PDF)],
        moment=at(2026, 12, 2, 9, 0),
    )
    stored = doc.files.get()
    assert stored.name == "cong-van.pdf" and stored.content_type == "application/pdf"
    assert doc.incoming_detail.sender_email == "vanthu@sxd.tayninh.gov.vn"
    for bad, message in ((None, "không có tệp đính kèm"), (b"<html>x</html>", "không phải")):
        with pytest.raises(incoming.IncomingError, match=message):
            incoming.register(
                actor=office.clerk,
                agency=office.stp,
                data=data(code_number="999"),
                channel=Channel.EMAIL,
                files=[_eml(bad)],
            )
    assert Document.objects.count() == 1
