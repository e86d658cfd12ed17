"""The operator's pages of the exchange (/lien-thong/): who sees what, "Gửi lại", the answer to
a recall; and a status about a document nobody here sent."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from tinhso.audit.models import AuditEvent
from tinhso.documents.tests.conftest import PASSWORD
from tinhso.exchange import packages
from tinhso.exchange.edxml import build, xmlsig
from tinhso.exchange.models import Direction, ExchangeMessage, State
from tinhso.exchange.transport import get_transport
from tinhso.exchange.transport.base import MessageType, OutgoingMessage


def _failed(office, **kw) -> ExchangeMessage:
    values = {
        "direction": Direction.OUT,
        "message_type": "edoc",
        "state": State.FAILED,
        "from_organ_id": office.stp.code,
        "to_organ_id": "000.99.99.H99",
        "edxml_document_id": f"{office.stp.code},2026/12/01,05/STP-VP",
        "last_error": "Không có cơ quan nào trên trục với mã định danh: 000.99.99.H99.",
        "attempts": 1,
    }
    values.update(kw)
    return ExchangeMessage.objects.create(**values)


@pytest.mark.django_db
def test_the_clerk_sees_the_agency_failures_and_no_one_else_s(client, office):
    message = _failed(office)
    client.login(username="vanthu.stp", password=PASSWORD)
    page = client.get(reverse("exchange:messages")).content.decode()
    assert "000.99.99.H99" in page and "Lỗi, cần xử lý" in page
    detail = client.get(reverse("exchange:message", args=[message.pk]))
    assert detail.status_code == 200 and "Gửi lại" in detail.content.decode()

    client.login(username="vanthu.sxd", password=PASSWORD)
    assert "000.99.99.H99" not in client.get(reverse("exchange:messages")).content.decode()
    assert client.get(reverse("exchange:message", args=[message.pk])).status_code == 404
    client.login(username="chuyenvien.stp", password=PASSWORD)  # not a clerk
    assert client.get(reverse("exchange:messages")).status_code == 404


@pytest.mark.django_db
def test_resend_makes_a_failed_message_due_again_with_the_same_id(client, office):
    message = _failed(office)
    client.login(username="vanthu.stp", password=PASSWORD)
    answer = client.post(reverse("exchange:resend", args=[message.pk]))
    assert answer.status_code == 302
    message.refresh_from_db()
    assert message.state == State.QUEUED and message.next_attempt_at <= timezone.now()
    assert AuditEvent.objects.filter(action="exchange.resend").count() == 1
    client.post(reverse("exchange:resend", args=[message.pk]))  # queued already: no change
    sent = _failed(office, state=State.SENT)
    client.post(reverse("exchange:resend", args=[sent.pk]))
    sent.refresh_from_db()
    assert sent.state == State.SENT


@pytest.mark.django_db
def test_a_recall_refused_without_a_reason_is_asked_again(client, office):
    from tinhso.documents.tests.incoming_helpers import pending

    copy = pending(office, exchange_id="000.00.00.G05,2026/12/01,10/BTP-VP")
    request = ExchangeMessage.objects.create(
        direction=Direction.IN,
        message_type=MessageType.REVOCATION,
        state=State.RECEIVED,
        from_organ_id="000.00.00.G05",
        to_organ_id=office.stp.code,
        edxml_document_id=copy.exchange_id,
        status_code="13",
        description="Gửi nhầm",
        document=copy,
    )
    client.login(username="vanthu.stp", password=PASSWORD)
    assert (
        "Yêu cầu thu hồi chờ trả lời" in client.get(reverse("exchange:messages")).content.decode()
    )
    url = reverse("exchange:recall_answer", args=[request.pk])
    page = client.post(url, {"tra_loi": "tu-choi", "ly_do": ""}, follow=True).content.decode()
    assert "Nhập lý do từ chối" in page
    request.refresh_from_db()
    assert request.state == State.RECEIVED
    client.post(url, {"tra_loi": "tu-choi", "ly_do": "Đã giải quyết xong"})
    request.refresh_from_db()
    assert (request.state, request.status_code) == (State.ANSWERED, "16")
    answer = ExchangeMessage.objects.get(direction=Direction.OUT, message_type="status")
    assert (answer.status_code, answer.to_organ_id) == ("16", "000.00.00.G05")
    assert answer.description == "Đã giải quyết xong"


@pytest.mark.django_db(transaction=True)
def test_a_status_about_a_document_we_never_sent_is_refused_and_logged(exchange):
    office = exchange.office
    status = packages.status_for(office.sxd, f"{office.stp.code},2026/12/01,99/STP-VP", "03", "")
    body = xmlsig.sign(build.build_status(status), exchange.signers[office.sxd.pk])
    get_transport().send(
        OutgoingMessage(
            message_id=str(uuid.uuid4()),
            message_type=MessageType.STATUS,
            from_organ_id=office.sxd.code,
            to_organ_ids=(office.stp.code,),
            body=body,
        )
    )
    outcome = exchange.receive_all()
    assert (outcome.statuses, outcome.refused) == (0, 1)
    row = ExchangeMessage.objects.get(direction=Direction.IN)
    assert row.state == State.REFUSED and "không do cơ quan" in row.last_error
    assert not ExchangeMessage.objects.filter(direction=Direction.OUT).exists()  # no answer
    assert get_transport().pending() == []  # taken off the axis (as failed)
