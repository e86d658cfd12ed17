"""Round trips with the PayGov simulator behind the LGSP (/mo-phong/paygov/) through the
generic callback view /thanh-toan/paygov/ipn/: bearer token, data.url, callbacks answered
SUCCESSFUL or FAILED, the return address checked by the LGSP for display only."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from tinhso.dossiers.models import Dossier
from tinhso.dossiers.tests.conftest import (  # noqa: F401  (fixtures)
    cast,
    new_dossier,
    procedures,
    received,
)
from tinhso.payments import services
from tinhso.payments.constants import EventKind, Outcome, PaymentState
from tinhso.payments.gateways import get_gateway
from tinhso.payments.gateways import paygov as protocol
from tinhso.payments.gateways.base import GatewayUnavailable, StartRequest
from tinhso.payments.models import Payment, PaymentEvent
from tinhso.simulators.payplatform.loopback import Loopback
from tinhso.simulators.payplatform.models import SimulatedPayment

IPN = "/thanh-toan/paygov/ipn/"
RETURN = "http://127.0.0.1:8000/thanh-toan/ket-qua/"


@pytest.fixture
def wire(monkeypatch: pytest.MonkeyPatch) -> Loopback:
    loop = Loopback()
    monkeypatch.setattr("requests.post", loop.post)
    return loop


@pytest.fixture
def dossier(received: Dossier) -> Dossier:  # noqa: F811
    assert received.fees_due == 200000 and received.fees_paid == 0
    return received


def request_for(payment: Payment) -> StartRequest:
    return StartRequest(
        reference=payment.reference,
        amount=payment.amount,
        description="Nộp phí hồ sơ lý lịch tư pháp",
        client_ip="203.0.113.7",
        return_url=RETURN,
        created_at=payment.created_at,
        expires_at=payment.created_at + timedelta(minutes=15),
    )


def start(dossier: Dossier, gateway: Any = None) -> tuple[Payment, str]:
    payment = services.create_payment(dossier, provider="paygov")
    result = (gateway or get_gateway("paygov")).start(request_for(payment))
    return payment, urlsplit(result.redirect_url).path


def answers(reference: str) -> list[str]:
    sim = SimulatedPayment.objects.get(provider="paygov", reference=reference)
    return [c["answer"]["error_code"] for c in sim.callbacks]


def test_start_logs_in_once_and_sends_the_published_fields(wire, dossier) -> None:
    gateway = get_gateway("paygov")
    payment, page = start(dossier, gateway)
    start(dossier, gateway)  # a second payment: the token is reused
    assert wire.paths().count("/mo-phong/paygov/login") == 1
    sim = SimulatedPayment.objects.get(provider="paygov", reference=payment.reference)
    assert set(sim.request) == {
        "partnerCode",
        "returnUrl",
        "orderId",
        "amount",
        "orderInfo",
        "requestCode",
        "ipAddress",
        "checksum",
    }
    assert sim.request["orderInfo"] == "Nop phi ho so ly lich tu phap"  # accents stripped
    assert Client().get(page).status_code == 200


def test_paid_is_confirmed_once_and_the_return_address_checks_out(wire, dossier) -> None:
    payment, page = start(dossier)
    response = Client().post(page, {"action": "pay"})
    assert answers(payment.reference) == [protocol.SUCCESSFUL]
    payment.refresh_from_db()
    assert payment.state == PaymentState.PAID
    assert Dossier.objects.get(pk=dossier.pk).fees_paid == 200000
    back = dict(parse_qsl(urlsplit(response["Location"]).query))
    gateway = protocol.PayGovGateway.from_settings()
    assert gateway.return_verified(back) is True  # for the page's words only
    assert gateway.return_verified({**back, "amount": "1"}) is False


def test_paying_twice_counts_once(wire, dossier) -> None:
    payment, page = start(dossier)
    Client().post(page, {"action": "pay", "twice": "1"})
    assert answers(payment.reference) == [protocol.SUCCESSFUL, protocol.SUCCESSFUL]
    outcomes = list(PaymentEvent.objects.filter(payment=payment).values_list("outcome", flat=True))
    assert outcomes == [Outcome.CONFIRMED, Outcome.ALREADY]
    sim = SimulatedPayment.objects.get(provider="paygov", reference=payment.reference)
    assert sim.callbacks[1]["answer"]["message"] == "Giao dịch đã được xác nhận trước đó"
    assert Dossier.objects.get(pk=dossier.pk).fees_paid == 200000


def test_a_wrong_amount_is_refused_and_flagged(wire, dossier) -> None:
    payment, page = start(dossier)
    Client().post(page, {"action": "pay", "wrong_amount": "1"})
    assert answers(payment.reference) == [protocol.FAILED]
    payment.refresh_from_db()
    assert payment.state != PaymentState.PAID and payment.flagged
    assert Dossier.objects.get(pk=dossier.pk).fees_paid == 0


def test_a_bad_checksum_is_refused_and_logged(wire, dossier) -> None:
    payment, page = start(dossier)
    Client().post(page, {"action": "pay", "late": "1"})
    from tinhso.simulators.paygov.views import callback_message

    sim = SimulatedPayment.objects.get(provider="paygov", reference=payment.reference)
    forged = {**callback_message(sim, sim.amount), "errorCode": "00", "amount": 1}
    response = Client().post(IPN, json.dumps(forged), content_type="application/json")
    assert response.json()["error_code"] == protocol.FAILED
    assert PaymentEvent.objects.filter(outcome=Outcome.BAD_SIGNATURE).count() == 1
    payment.refresh_from_db()
    assert payment.state == PaymentState.CREATED


def test_the_query_confirms_a_payment_whose_callback_never_came(wire, dossier) -> None:
    payment, page = start(dossier)
    Client().post(page, {"action": "pay", "late": "1"})
    n = get_gateway("paygov").query(payment.reference, payment.created_at, "203.0.113.7")
    assert n.paid and n.amount == 200000 and n.currency == "VND"
    assert (
        services.record_notification("paygov", n, kind=EventKind.QUERY).outcome == Outcome.CONFIRMED
    )
    Client().post(f"/mo-phong/paygov/thong-bao/{payment.reference}/")  # the late callback
    assert answers(payment.reference) == [protocol.SUCCESSFUL]
    assert Dossier.objects.get(pk=dossier.pk).fees_paid == 200000


def test_timed_out_is_not_paid(wire, dossier) -> None:
    payment, page = start(dossier)
    Client().post(page, {"action": "expire"})
    payment.refresh_from_db()
    assert payment.state == PaymentState.FAILED
    assert Dossier.objects.get(pk=dossier.pk).fees_paid == 0


def test_the_simulator_refuses_a_missing_token_and_a_bad_checksum(wire, dossier, settings) -> None:
    payment = services.create_payment(dossier, provider="paygov")
    gateway = protocol.PayGovGateway.from_settings()
    body = gateway.paygate_message(request_for(payment))
    url = "/mo-phong/paygov/api/v1/PayGov/paygate"
    response = Client().post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 401
    token = gateway.token()
    headers = {"Authorization": f"Bearer {token}"}
    tampered = {**body, "amount": 1}
    response = Client().post(
        url, json.dumps(tampered), content_type="application/json", headers=headers
    )
    assert response.json()["error_code"] == protocol.FAILED
    assert not SimulatedPayment.objects.filter(provider="paygov").exists()
    wrong = protocol.PayGovGateway(
        url=settings.PAYGOV_URL,
        partner_code=settings.PAYGOV_PARTNER_CODE,
        secret=settings.PAYGOV_SECRET,
        login_url=settings.PAYGOV_LOGIN_URL,
        username=settings.EXCHANGE_LGSP_USERNAME,
        password="sai-mat-khau",
        application_code="TINHSO",
    )
    with pytest.raises(GatewayUnavailable):
        wrong.start(request_for(payment))
