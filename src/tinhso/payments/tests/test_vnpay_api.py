"""querydr and refund against the simulated merchant web API: the "|" checksums both ways,
a query that confirms (the reconciliation's path), refunds full (02) and partial (03), and the
failures: network or 5xx → GatewayUnavailable, an answer that does not verify → BadSignature,
our request with a bad checksum → 97."""

from __future__ import annotations

import json as jsonlib

import pytest
import requests
from django.test import Client

from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures, received  # noqa: F401
from tinhso.payments import services
from tinhso.payments.constants import EventKind, Outcome, PaymentState
from tinhso.payments.gateways import get_gateway
from tinhso.payments.gateways.base import BadSignature, GatewayUnavailable
from tinhso.payments.tests import test_vnpay_ipn as ipn_tests

pytestmark = pytest.mark.django_db
# the fixtures and steps of the IPN tests: a dossier owing 200.000 đồng, its payment, the wire
dossier, payment, wire = ipn_tests.dossier, ipn_tests.payment, ipn_tests.wire
_decide, _state = ipn_tests._decide, ipn_tests._state
API = "/mo-phong/vnpay/merchant_webapi/api/transaction"


def _query(payment):
    return get_gateway("vnpay").query(payment.reference, payment.created_at, "113.161.1.2")


def test_a_query_reconciles_a_payment_whose_ipn_never_came(wire, payment):
    _decide(payment, "pay", hold=True)
    found = _query(payment)
    assert (found.paid, found.amount, found.code) == (True, 200_000, "00/00")
    recorded = services.record_notification("vnpay", found, kind=EventKind.QUERY)
    assert recorded.outcome == Outcome.CONFIRMED
    assert _state(payment) == (PaymentState.PAID, 200_000)
    again = services.record_notification("vnpay", _query(payment), kind=EventKind.QUERY)
    assert again.outcome == Outcome.ALREADY and _state(payment) == (PaymentState.PAID, 200_000)


def test_a_query_of_a_waiting_or_unknown_payment(wire, payment):
    ipn_tests._pay_page(payment, Client())
    waiting = _query(payment)
    assert (waiting.paid, waiting.pending) == (False, True)
    payment.reference = "TSCHUACOBAOGIO"
    with pytest.raises(GatewayUnavailable, match="91"):
        _query(payment)


def test_refund_full_then_nothing_left(wire, payment):
    _decide(payment, "pay")
    gateway = get_gateway("vnpay")
    done = gateway.refund(
        payment.reference, 200_000, "Từ chối giải quyết", payment.created_at, "motcua.stp"
    )
    assert done.accepted and done.code == "00" and done.provider_reference
    again = gateway.refund(payment.reference, 1_000, "Lần nữa", payment.created_at, "motcua.stp")
    assert not again.accepted and again.code == "03"


def test_refund_partial_is_type_03(wire, payment, monkeypatch):
    _decide(payment, "pay")
    sent = []
    real_post = requests.post

    def spy(url, json=None, timeout=None, **kw):
        sent.append(json)
        return real_post(url, json=json, timeout=timeout)

    monkeypatch.setattr("requests.post", spy)
    result = get_gateway("vnpay").refund(
        payment.reference, 50_000, "Hoàn một phần", payment.created_at, "Lê Văn Một"
    )
    assert result.accepted
    refund = sent[-1]
    assert (refund["vnp_TransactionType"], refund["vnp_Amount"]) == ("03", "5000000")
    assert refund["vnp_CreateBy"] == "Le Van Mot" and refund["vnp_TransactionNo"] != "0"
    with pytest.raises(ValueError):
        get_gateway("vnpay").refund(payment.reference, 300_000, "x", payment.created_at, "x")


def test_refund_of_an_unpaid_payment_is_not_accepted(wire, payment):
    _decide(payment, "refuse")
    result = get_gateway("vnpay").refund(payment.reference, 200_000, "x", payment.created_at, "x")
    assert not result.accepted


def test_our_request_with_a_bad_checksum_is_97(payment):
    body = {"vnp_Command": "querydr", "vnp_TmnCode": "TINHSO01", "vnp_SecureHash": "00" * 64}
    answer = Client().post(API, jsonlib.dumps(body), content_type="application/json").json()
    assert answer["vnp_ResponseCode"] == "97"
    answer = Client().post(API, b"not json", content_type="application/json").json()
    assert answer["vnp_ResponseCode"] == "03"


class _Broken:
    def __init__(self, status: int, body: object) -> None:
        self.status_code, self._body = status, body

    def json(self):
        if isinstance(self._body, Exception):
            raise self._body
        return self._body


@pytest.mark.parametrize(
    "outcome",
    [requests.ConnectionError("refused"), _Broken(503, {}), _Broken(200, ValueError("html"))],
    ids=["network", "5xx", "not-json"],
)
def test_an_unreachable_api_is_gateway_unavailable(monkeypatch, payment, outcome):
    def post(*args, **kwargs):
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr("requests.post", post)
    with pytest.raises(GatewayUnavailable):
        _query(payment)


def test_an_answer_that_does_not_verify_is_bad_signature(wire, payment, monkeypatch):
    _decide(payment, "pay", hold=True)
    real_post = requests.post

    def tamper(url, json=None, timeout=None, **kw):
        answer = real_post(url, json=json, timeout=timeout).json()
        return _Broken(200, {**answer, "vnp_Amount": "100"})

    monkeypatch.setattr("requests.post", tamper)
    with pytest.raises(BadSignature):
        _query(payment)
    monkeypatch.setattr(
        "requests.post", lambda *a, **k: _Broken(200, {"vnp_ResponseCode": "00", "vnp_TxnRef": "x"})
    )
    with pytest.raises(BadSignature):
        _query(payment)
    assert _state(payment) == (PaymentState.CREATED, 0)
