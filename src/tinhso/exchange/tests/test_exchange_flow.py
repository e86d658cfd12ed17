"""Issue 15 must-haves 2 and 4 end to end in one server: send → 01 → 03 → 04 → 05 → 06,
recall → 15, duplicates, refusals."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from tinhso.documents import incoming, incoming_handling
from tinhso.documents.kinds import AssignmentRole, Channel
from tinhso.documents.models import Document, DocumentState
from tinhso.documents.models.outgoing import RecipientStatus
from tinhso.exchange import outbox, services
from tinhso.exchange.models import Direction, ExchangeMessage, State
from tinhso.exchange.tests.flow_support import issue_to_sxd
from tinhso.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def _copy(office) -> Document:
    return Document.objects.get(agency=office.sxd, channel=Channel.EXCHANGE)


def _codes(recipient) -> list[str]:
    return [e.note[:2] for e in recipient.events.order_by("at", "pk") if e.note[:2].isdigit()]


def test_a_document_crosses_and_every_status_comes_back(exchange):
    office = exchange.office
    sent = issue_to_sxd(office)
    row = sent.recipients.get()
    assert row.status == RecipientStatus.EXCHANGE_WAITING
    assert ExchangeMessage.objects.filter(recipient=row, state=State.QUEUED).count() == 1

    exchange.round()
    row.refresh_from_db()
    copy = _copy(office)
    assert copy.state == DocumentState.PENDING
    assert (
        copy.exchange_id
        == f"{office.stp.code},{sent.issued_date:%Y/%m/%d},{sent.number_and_symbol}"
    )
    assert (copy.subject, copy.code_number, copy.code_notation) == (
        sent.subject, sent.code_number, sent.code_notation,
    )  # fmt: skip
    received_file = copy.files.get().file.read()
    sent_file = sent.files.get(role="main", is_current=True).file.read()
    assert received_file == sent_file  # the sealed PDF, byte for byte
    assert row.status == RecipientStatus.SENT and _codes(row) == ["01"]

    incoming.register(actor=office.other_clerk, pending=copy)
    exchange.round()
    row.refresh_from_db()
    assert row.status == RecipientStatus.RECEIVED and _codes(row) == ["01", "03"]

    incoming_handling.assign(
        copy,
        actor=office.other_leader,
        lines=[incoming_handling.SlipLine(role=AssignmentRole.LEAD, assignee=office.other_clerk)],
    )
    incoming_handling.report_progress(copy, actor=office.other_clerk, percent=40)
    incoming_handling.report_progress(copy, actor=office.other_clerk, percent=80)  # no new 05
    incoming_handling.complete(copy, actor=office.other_clerk)
    exchange.round()
    row.refresh_from_db()
    assert _codes(row) == ["01", "03", "04", "05", "06"]
    assert row.read_at is not None


def test_a_recall_is_answered_15_and_freezes_the_copy(exchange):
    office = exchange.office
    sent = issue_to_sxd(office)
    exchange.round()
    copy = _copy(office)
    from tinhso.documents import outgoing_dispatch

    outgoing_dispatch.recall(office.leader, sent, "Ban hành nhầm đối tượng")
    exchange.round()
    request = services.recall_requests(office.other_clerk).get()
    assert request.document == copy and request.description == "Ban hành nhầm đối tượng"

    services.answer_recall(office.other_clerk, request, agree=True)
    exchange.round()
    copy.refresh_from_db()
    assert copy.state == DocumentState.RECALLED
    row = sent.recipients.get()
    assert row.status == RecipientStatus.RECALLED and _codes(row)[-1] == "15"


def test_a_refused_recall_says_16_with_the_reason(exchange):
    office = exchange.office
    sent = issue_to_sxd(office)
    exchange.round()
    from tinhso.documents import outgoing_dispatch

    outgoing_dispatch.recall(office.leader, sent, "Sai sót")
    exchange.round()
    request = services.recall_requests(office.other_clerk).get()
    with pytest.raises(services.ExchangeError):
        services.answer_recall(office.other_clerk, request, agree=False, reason="")
    services.answer_recall(office.other_clerk, request, agree=False, reason="Đã thực hiện xong")
    exchange.round()
    assert _copy(office).state == DocumentState.PENDING
    last = sent.recipients.get().events.order_by("-at", "-pk").first()
    assert last.note.startswith("16") and "Đã thực hiện xong" in last.note


def test_the_same_package_delivered_twice_is_registered_once(exchange):
    office = exchange.office
    office.other_clerk.email = "vanthu.sxd@tinhso.local"
    office.other_clerk.save(update_fields=["email"])
    issue_to_sxd(office)
    message = ExchangeMessage.objects.get(direction=Direction.OUT, message_type="edoc")
    exchange.send_all()
    # the axis gets the same message again under a new id (a sender that lost its receipt)
    message.refresh_from_db()
    again = ExchangeMessage.objects.create(
        direction=Direction.OUT,
        message_type="edoc",
        state=State.QUEUED,
        from_organ_id=message.from_organ_id,
        to_organ_id=message.to_organ_id,
        edxml_document_id=message.edxml_document_id,
        body=message.body.name,
        body_sha256=message.body_sha256,
        body_size=message.body_size,
        next_attempt_at=message.next_attempt_at,
    )
    exchange.send_all()
    exchange.receive_all()
    assert Document.objects.filter(agency=office.sxd, channel=Channel.EXCHANGE).count() == 1
    states = set(
        ExchangeMessage.objects.filter(direction=Direction.IN, message_type="edoc").values_list(
            "state", flat=True
        )
    )
    assert states == {State.RECEIVED, State.IGNORED}
    assert again.pk  # both were sent
    # the receiving clerks are told once that a copy waits to be registered
    told = Notification.objects.filter(user=office.other_clerk, subject__contains="chờ vào sổ")
    assert [n.subject for n in told] == [
        f"Văn bản đến chờ vào sổ: {_copy(office).number_and_symbol} của {_copy(office).organ_name}"
    ]


def test_an_unknown_addressee_is_an_explicit_error_on_the_copy(exchange):
    office = exchange.office
    from tinhso.documents import outgoing, outgoing_dispatch, outgoing_signing
    from tinhso.documents.models.outgoing import RecipientKind
    from tinhso.documents.tests.outgoing_support import approved_draft

    d = approved_draft(office)
    outgoing.recipient_add(
        office.clerk, d, RecipientKind.EXTERNAL, name="Không có", organ_id="000.99.99.H99"
    )
    outgoing_signing.sign(office.leader, d)
    outgoing_signing.number_and_seal(office.clerk, d)
    outgoing_dispatch.send(office.clerk, d)
    result = exchange.send_all()
    assert (result.sent, result.failed) == (0, 1)
    message = ExchangeMessage.objects.get(direction=Direction.OUT)
    assert message.state == State.FAILED and "000.99.99.H99" in message.last_error
    note = d.recipients.get().events.order_by("-pk").first().note
    assert "000.99.99.H99" in note


def test_a_route_down_is_retried_with_backoff_and_delivered_once(exchange, settings):
    office = exchange.office
    url = settings.EXCHANGE_AXIS_URL
    settings.EXCHANGE_AXIS_URL = "http://127.0.0.1:9/truc-khong-co"
    issue_to_sxd(office)
    first = exchange.send_all()
    assert (first.sent, first.retrying) == (0, 1)
    message = ExchangeMessage.objects.get(direction=Direction.OUT)
    assert message.state == State.RETRYING and message.attempts == 1
    assert message.next_attempt_at > message.last_attempt_at  # backed off
    assert exchange.send_all().retrying == 0  # not due yet: nothing tried
    settings.EXCHANGE_AXIS_URL = url
    outbox.resend([message], actor=None)
    exchange.round()
    assert Document.objects.filter(agency=office.sxd, channel=Channel.EXCHANGE).count() == 1


def test_a_tampered_package_is_refused_with_02(exchange):
    office = exchange.office
    issue_to_sxd(office)
    message = ExchangeMessage.objects.get(direction=Direction.OUT)
    from tinhso.exchange.outbox import _body

    body = _body(message)
    tampered = body.replace("thẩm định".encode(), "thẩm tra".encode(), 1)
    assert tampered != body
    message.body.save(message.body.name.rsplit("/", 1)[-1], ContentFile(tampered))
    exchange.round()
    assert not Document.objects.filter(agency=office.sxd, channel=Channel.EXCHANGE).exists()
    refused = ExchangeMessage.objects.get(direction=Direction.IN, message_type="edoc")
    assert refused.state == State.REFUSED and "chữ ký" in refused.last_error.lower()
    answer = ExchangeMessage.objects.get(direction=Direction.IN, status_code="02")
    assert answer.description == refused.last_error[:1000]
    row = message.recipient
    row.refresh_from_db()
    assert row.status == RecipientStatus.REFUSED


def test_a_replacement_arrives_and_freezes_the_earlier_copy(exchange):
    from tinhso.documents import outgoing, outgoing_dispatch, outgoing_signing
    from tinhso.documents.models.outgoing import OutgoingRelation
    from tinhso.documents.tests.outgoing_support import pdf_upload

    office = exchange.office
    old = issue_to_sxd(office)
    exchange.round()
    first = _copy(office)
    new = outgoing_dispatch.start_successor(
        office.clerk,
        old,
        OutgoingRelation.REPLACES,
        "Sai số liệu tại mục 2",
        pdf_upload("THAY THẾ"),
    )
    new.created_by, new.drafting_department = office.specialist, office.legal_dept
    new.save()
    outgoing.submit(office.specialist, new)
    outgoing.approve(office.head, new, "content")
    outgoing.approve(office.clerk, new, "format")
    outgoing_signing.sign(office.leader, new)
    outgoing_signing.number_and_seal(office.clerk, new)
    outgoing_dispatch.send(office.clerk, new)
    assert ExchangeMessage.objects.filter(document=new, message_type="replacement").count() == 1
    exchange.round()
    first.refresh_from_db()
    second = (
        Document.objects.filter(agency=office.sxd, channel=Channel.EXCHANGE)
        .exclude(pk=first.pk)
        .get()
    )
    assert first.state == DocumentState.REPLACED
    assert second.state == DocumentState.PENDING and second.code_number == new.code_number
    assert _codes(new.recipients.get()) == ["01"]


def test_a_package_over_the_limit_is_refused_without_being_read(exchange, settings):
    office = exchange.office
    issue_to_sxd(office)
    exchange.send_all()  # built and sent under the normal limit
    settings.EXCHANGE_MAX_PACKAGE_BYTES = 20_000  # the receiver's limit is smaller
    outcome = exchange.receive_all()
    assert (outcome.received, outcome.refused) == (0, 1)
    row = ExchangeMessage.objects.get(direction=Direction.IN)
    assert row.state == State.REFUSED and "giới hạn" in row.last_error and not row.body
    assert not Document.objects.filter(agency=office.sxd, channel=Channel.EXCHANGE).exists()
    assert exchange.receive_all().refused == 0  # taken off the axis: not fetched again


def test_a_signing_device_that_does_not_answer_is_retried_not_failed(exchange, monkeypatch):
    from tinhso.exchange.edxml import xmlsig
    from tinhso.exchange.edxml.model import SignerUnavailable

    office = exchange.office
    issue_to_sxd(office)

    def busy(agency_id):
        raise SignerUnavailable("Thiết bị ký (HSM) không ký được gói tin: GeneralError.")

    monkeypatch.setattr(xmlsig, "signer_for_agency", busy)
    assert exchange.send_all().retrying == 1
    message = ExchangeMessage.objects.get(direction=Direction.OUT)
    assert message.state == State.RETRYING and "HSM" in message.last_error and not message.body
