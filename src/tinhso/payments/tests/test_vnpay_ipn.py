"""The IPN end to end with the VNPay simulator: the citizen pays on the simulated page, the
simulator calls our IPN server to server (routed through Django's test client), and only a
verified callback counts — once; replays, wrong amounts, forgeries and unknown references
change nothing; a late callback reconciles; the return URL alone never confirms."""

from __future__ import annotations

import json as jsonlib
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.test import Client

from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures, received  # noqa: F401
from tinhso.payments import services
from tinhso.payments.constants import Outcome, PaymentState, Provider
from tinhso.payments.gateways import get_gateway
from tinhso.payments.gateways.base import StartRequest
from tinhso.payments.gateways.vnpay import VnpayGateway, sign
from tinhso.payments.models import Payment, PaymentEvent
from tinhso.simulators.vnpay.models import VnpaySimTransaction

pytestmark = pytest.mark.django_db
IPN = "/thanh-toan/vnpay/ipn/"
RETURN_URL = "http://testserver/"


class _Response:
    def __init__(self, response: Any) -> None:
        self.status_code = response.status_code
        self._content = response.content

    def json(self) -> Any:
        return jsonlib.loads(self._content)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def wire(monkeypatch):
    """requests.get/post (the simulator's IPN, our web-API calls) → the test client."""
    server = Client()
    calls: list[str] = []

    def get(url: str, params: Any = None, timeout: Any = None) -> _Response:
        calls.append(url)
        return _Response(server.get(_path(url), params or {}))

    def post(url: str, json: Any = None, timeout: Any = None, **_: Any) -> _Response:
        calls.append(url)
        body = jsonlib.dumps(json)
        return _Response(server.post(_path(url), body, content_type="application/json"))

    monkeypatch.setattr("requests.get", get)
    monkeypatch.setattr("requests.post", post)
    return calls


@pytest.fixture
def dossier(received):  # noqa: F811
    type(received).objects.filter(pk=received.pk).update(fees_due=200_000, fees_paid=0)
    received.refresh_from_db()
    return received


@pytest.fixture
def payment(dossier) -> Payment:
    return services.create_payment(dossier, provider=Provider.VNPAY)


def _pay_page(payment: Payment, browser: Client) -> VnpaySimTransaction:
    start = get_gateway("vnpay").start(
        StartRequest(
            reference=payment.reference,
            amount=payment.amount,
            description="Nộp phí cung cấp thông tin lý lịch tư pháp",
            client_ip="113.161.1.2",
            return_url=RETURN_URL,
            created_at=payment.created_at,
            expires_at=payment.expires_at or payment.created_at,
        )
    )
    page = browser.get(_path(start.redirect_url))
    assert page.status_code == 200, page.content.decode()[:500]
    assert "200.000 đồng" in page.content.decode()
    return VnpaySimTransaction.objects.get(txn_ref=payment.reference)


def _decide(payment: Payment, decision: str, *, hold: bool = False) -> tuple[Any, Any]:
    browser = Client()
    tx = _pay_page(payment, browser)
    data = {"decision": decision, **({"hold_ipn": "1"} if hold else {})}
    response = browser.post(f"/mo-phong/vnpay/paymentv2/giao-dich/{tx.pk}/", data)
    assert response.status_code == 302
    return response, VnpaySimTransaction.objects.get(pk=tx.pk)


def _control(tx: VnpaySimTransaction, action: str) -> str:
    Client().post(f"/mo-phong/vnpay/giao-dich/{tx.pk}/{action}/")
    tx.refresh_from_db()
    return tx.ipn_log[-1]["answer"].split()[0]


def _state(payment: Payment) -> tuple[str, int]:
    payment.refresh_from_db()
    return payment.state, payment.dossier.__class__.objects.get(pk=payment.dossier_id).fees_paid


def test_paid_confirms_once_and_the_replay_changes_nothing(wire, payment):
    response, tx = _decide(payment, "pay")
    assert tx.ipn_log[-1]["answer"].startswith("00")
    assert _state(payment) == (PaymentState.PAID, 200_000)
    assert (payment.confirmed_by, payment.provider_transaction) == ("callback", tx.transaction_no)
    assert response["Location"].startswith(RETURN_URL + "?")
    # "pay twice": the same IPN again
    assert _control(tx, "resend") == "02"
    assert _state(payment) == (PaymentState.PAID, 200_000)
    outcomes = list(PaymentEvent.objects.filter(payment=payment).values_list("outcome", flat=True))
    assert outcomes == [Outcome.CONFIRMED, Outcome.ALREADY]
    operator_page = Client().get("/mo-phong/vnpay/").content.decode()
    assert payment.reference in operator_page and "200.000 đồng" in operator_page


def test_a_wrong_amount_is_refused_and_flagged(wire, payment):
    _, tx = _decide(payment, "pay", hold=True)
    assert _control(tx, "wrong_amount") == "04"
    assert _state(payment) == (PaymentState.CREATED, 0)
    assert "300.000" in payment.flagged.replace(",", ".")


@pytest.mark.parametrize(
    ("decision", "code"), [("refuse", "51"), ("cancel", "24"), ("timeout", "11")]
)
def test_a_failed_payment_is_recorded_not_counted(wire, payment, decision, code):
    _, tx = _decide(payment, decision)
    assert tx.ipn_log[-1]["answer"].startswith("00")  # received and recorded, as the demo does
    assert _state(payment) == (PaymentState.FAILED, 0)
    assert PaymentEvent.objects.get(payment=payment).note == f"Mã kết quả {code}/02"


def test_a_late_callback_after_expiry_reconciles(wire, payment):
    _, tx = _decide(payment, "timeout", hold=True)
    Payment.objects.filter(pk=payment.pk).update(state=PaymentState.EXPIRED)
    assert _control(tx, "late") == "00"
    assert _state(payment) == (PaymentState.PAID, 200_000)


def test_the_return_url_alone_never_confirms(wire, payment):
    response, tx = _decide(payment, "pay", hold=True)
    back = dict(parse_qsl(urlsplit(response["Location"]).query))
    assert back["vnp_ResponseCode"] == "00" and back["vnp_SecureHash"] == sign(
        "vnpay-mo-phong-bi-mat", back
    )
    Client().get(_path(response["Location"]))  # the citizen's browser comes back, validly signed
    assert _state(payment) == (PaymentState.CREATED, 0)
    assert tx.ipn_log == []


def _signed(payment: Payment, **changes: str) -> dict[str, str]:
    fields = {
        "vnp_Amount": str(payment.amount * 100),
        "vnp_BankCode": "NCB",
        "vnp_OrderInfo": "Nop phi",
        "vnp_PayDate": "20260302083500",
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": "TINHSO01",
        "vnp_TransactionNo": "14000001",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": payment.reference,
        **changes,
    }
    return {**fields, "vnp_SecureHash": sign("vnpay-mo-phong-bi-mat", fields)}


def _ipn(params: dict[str, str]) -> str:
    return Client().get(IPN, params).json()["RspCode"]


def test_a_bad_checksum_is_97_logged_and_changes_nothing(payment):
    forged = {**_signed(payment), "vnp_Amount": "100"}
    assert _ipn(forged) == "97"
    assert _ipn({"vnp_TxnRef": payment.reference}) == "97"
    assert _state(payment) == (PaymentState.CREATED, 0)
    logged = PaymentEvent.objects.filter(outcome=Outcome.BAD_SIGNATURE)
    assert logged.count() == 2 and {e.reference for e in logged} == {payment.reference}


def test_an_unknown_reference_is_01(payment):
    assert _ipn(_signed(payment, vnp_TxnRef="TSKHONGCO")) == "01"
    assert _state(payment) == (PaymentState.CREATED, 0)


@pytest.mark.parametrize(
    "changes",
    [{"vnp_Amount": "0"}, {"vnp_Amount": "-20000000"}, {"vnp_CurrCode": "USD"}],
    ids=["zero", "negative", "usd"],
)
def test_zero_negative_or_foreign_money_is_refused(payment, changes):
    assert _ipn(_signed(payment, **changes)) == "04"
    assert _state(payment) == (PaymentState.CREATED, 0)
    assert payment.flagged


def test_the_simulator_refuses_a_bad_payment_url(wire, payment):
    gateway = get_gateway("vnpay")
    assert isinstance(gateway, VnpayGateway)
    request = StartRequest(
        reference=payment.reference,
        amount=payment.amount,
        description="x",
        client_ip="1.1.1.1",
        return_url=RETURN_URL,
        created_at=payment.created_at,
        expires_at=payment.expires_at,
    )
    fields = gateway.payment_fields(request)
    tampered = {**fields, "vnp_Amount": "100", "vnp_SecureHash": sign(gateway.hash_secret, fields)}
    page = Client().get("/mo-phong/vnpay/paymentv2/vpcpay.html?" + urlencode(tampered))
    assert page.status_code == 400 and "97" in page.content.decode()
    zero = {**fields, "vnp_Amount": "0"}
    zero["vnp_SecureHash"] = sign(gateway.hash_secret, zero)
    page = Client().get("/mo-phong/vnpay/paymentv2/vpcpay.html?" + urlencode(zero))
    assert page.status_code == 400 and not VnpaySimTransaction.objects.exists()
