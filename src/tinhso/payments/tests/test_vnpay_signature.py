"""VNPay 2.1.0 signing as published: the public test vector (next-capabilities §3.3, from
lehuygiang28/vnpay test/verify-return-url.test.ts) signs and verifies to the exact hashes,
any field changed is refused, amounts go × 100, dates in GMT+7, IPN answers as the demo's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tinhso.payments.constants import Outcome
from tinhso.payments.gateways.base import BadSignature, StartRequest
from tinhso.payments.gateways.vnpay import (
    QUERYDR_REQUEST,
    REFUND_REQUEST,
    VnpayGateway,
    amount_from_vnp,
    hash_data,
    pipe_checksum,
    sign,
    vnp_amount,
    vnp_time,
)

SECRET = "test_secret"
VECTOR = {
    "vnp_Amount": "1000000",
    "vnp_BankCode": "NCB",
    "vnp_BankTranNo": "VNP14422574",
    "vnp_CardType": "ATM",
    "vnp_OrderInfo": "Thanh toan don hang 2024-05-21T02:17:31.249Z",
    "vnp_PayDate": "20240521091806",
    "vnp_ResponseCode": "00",
    "vnp_TmnCode": "TEST_TMN_CODE",
    "vnp_TransactionNo": "14422574",
    "vnp_TransactionStatus": "00",
    "vnp_TxnRef": "1716257871703",
}
PAID_HASH = (
    "649982421beb422556a1374713c74e58e716ecbd05007c0c0e1f7effdfaf361d"
    "bf146889ca446139afe11b9954c4d5c486e99e3b86fcfab6957f29eb0be72895"
)
FAILED_HASH = (
    "503194f6d93b57b357b2d1d09742565e67e86d771352c5dca4fc8d39df3d392c"
    "6b3809add9405f97cfb9631f445e36c80656cfbf47eac67d97fa165865c13e1b"
)
GATEWAY = VnpayGateway(
    tmn_code="TEST_TMN_CODE", hash_secret=SECRET, pay_url="https://pay.test/vpcpay.html", api_url=""
)


def test_the_published_vectors_sign_exactly():
    assert "vnp_OrderInfo=Thanh+toan+don+hang+2024-05-21T02%3A17%3A31.249Z&" in hash_data(VECTOR)
    assert sign(SECRET, VECTOR) == PAID_HASH
    assert sign(SECRET, {**VECTOR, "vnp_ResponseCode": "99"}) == FAILED_HASH


def test_the_published_vectors_verify_and_read():
    paid = GATEWAY.parse_callback({**VECTOR, "vnp_SecureHash": PAID_HASH}, b"")
    assert (paid.reference, paid.amount, paid.currency, paid.paid) == (
        "1716257871703",
        10000,
        "VND",
        True,
    )
    assert (paid.provider_transaction, paid.bank_code) == ("14422574", "NCB")
    assert paid.paid_at == datetime(2024, 5, 21, 2, 18, 6, tzinfo=UTC)
    failed = GATEWAY.parse_callback(
        {**VECTOR, "vnp_ResponseCode": "99", "vnp_SecureHash": FAILED_HASH.upper()}, b""
    )
    assert not failed.paid and failed.code == "99/00"


def test_the_hash_type_field_is_left_out_of_the_signature():
    params = {**VECTOR, "vnp_SecureHashType": "HmacSHA512", "vnp_SecureHash": PAID_HASH}
    assert GATEWAY.parse_callback(params, b"").paid


@pytest.mark.parametrize("name", sorted(VECTOR))
def test_every_field_tampered_is_refused(name):
    changed = VECTOR[name][:-1] + ("1" if VECTOR[name][-1] != "1" else "2")
    with pytest.raises(BadSignature):
        GATEWAY.parse_callback({**VECTOR, name: changed, "vnp_SecureHash": PAID_HASH}, b"")


@pytest.mark.parametrize(
    "params",
    [
        {**VECTOR},  # no hash
        {**VECTOR, "vnp_SecureHash": ""},
        {**VECTOR, "vnp_SecureHash": PAID_HASH[:-2]},
        {**VECTOR, "vnp_CurrCode": "USD", "vnp_SecureHash": PAID_HASH},  # a field added
        {k: v for k, v in VECTOR.items() if k != "vnp_BankCode"} | {"vnp_SecureHash": PAID_HASH},
    ],
)
def test_missing_short_or_extended_is_refused(params):
    with pytest.raises(BadSignature):
        GATEWAY.parse_callback(params, b"")


def test_another_merchants_signature_or_code_is_refused():
    other = VnpayGateway(tmn_code="TEST_TMN_CODE", hash_secret="khac", pay_url="", api_url="")
    with pytest.raises(BadSignature):
        other.parse_callback({**VECTOR, "vnp_SecureHash": PAID_HASH}, b"")
    elsewhere = VnpayGateway(tmn_code="OTHERTMN", hash_secret=SECRET, pay_url="", api_url="")
    with pytest.raises(BadSignature, match="vnp_TmnCode"):
        elsewhere.parse_callback({**VECTOR, "vnp_SecureHash": PAID_HASH}, b"")


def test_amounts_go_times_100_and_only_positive_whole_dong():
    assert vnp_amount(200_000) == "20000000"
    for bad in (0, -5, 1.5, True):
        with pytest.raises(ValueError):
            vnp_amount(bad)  # type: ignore[arg-type]
    assert amount_from_vnp("20000000") == 200_000
    for odd in ("20000050", "-100", "", "1e5", "0x10"):
        assert amount_from_vnp(odd) == -1


def _request(**changes):
    created = datetime(2026, 3, 2, 1, 30, 0, tzinfo=UTC)  # 08:30 in Việt Nam
    values = {
        "reference": "TS2603020830ABCDEFGH",
        "amount": 200_000,
        "description": "Nộp phí lý lịch tư pháp – hồ sơ 000.00.12.H53-260302-0001",
        "client_ip": "113.161.1.2",
        "return_url": "https://tinhso.test/thanh-toan/ket-qua/",
        "created_at": created,
        "expires_at": created + timedelta(minutes=15),
    }
    return StartRequest(**{**values, **changes})


def test_the_payment_url_carries_the_published_fields_signed():
    from urllib.parse import parse_qsl, urlsplit

    url = GATEWAY.start(_request()).redirect_url
    assert url.startswith("https://pay.test/vpcpay.html?")
    fields = dict(parse_qsl(urlsplit(url).query))
    assert fields["vnp_Amount"] == "20000000" and fields["vnp_CurrCode"] == "VND"
    assert (fields["vnp_Version"], fields["vnp_Command"]) == ("2.1.0", "pay")
    assert (fields["vnp_CreateDate"], fields["vnp_ExpireDate"]) == (
        "20260302083000",
        "20260302084500",
    )
    assert fields["vnp_OrderInfo"] == "Nop phi ly lich tu phap ho so 000.00.12.H53-260302-0001"
    assert fields["vnp_SecureHash"] == sign(SECRET, fields)
    with pytest.raises(ValueError):
        GATEWAY.start(_request(amount=0))
    with pytest.raises(ValueError):
        GATEWAY.start(_request(amount=-200_000))


def test_dates_are_gmt_plus_7():
    assert vnp_time(datetime(2025, 12, 31, 17, 0, 1, tzinfo=UTC)) == "20260101000001"


def test_the_web_api_checksums_follow_the_published_order():
    body = {name: name.removeprefix("vnp_") for name in REFUND_REQUEST}
    shuffled = dict(reversed(list(body.items())))
    assert pipe_checksum(SECRET, body, REFUND_REQUEST) == pipe_checksum(
        SECRET, shuffled, REFUND_REQUEST
    )
    assert pipe_checksum(SECRET, body, REFUND_REQUEST) != pipe_checksum(
        SECRET, body, QUERYDR_REQUEST
    )
    import hashlib
    import hmac

    joined = "|".join(name.removeprefix("vnp_") for name in QUERYDR_REQUEST)
    expected = hmac.new(SECRET.encode(), joined.encode(), hashlib.sha512).hexdigest()
    assert pipe_checksum(SECRET, body, QUERYDR_REQUEST) == expected


@pytest.mark.parametrize(
    ("outcome", "code"),
    [
        (Outcome.CONFIRMED, "00"),
        (Outcome.NOT_PAID, "00"),
        (Outcome.UNKNOWN, "01"),
        (Outcome.ALREADY, "02"),
        (Outcome.WRONG_AMOUNT, "04"),
        (Outcome.WRONG_CURRENCY, "04"),
        (Outcome.BAD_SIGNATURE, "97"),
        (Outcome.ERROR, "99"),
        (Outcome.PENDING, "99"),
    ],
)
def test_ipn_answers(outcome, code):
    content_type, body = GATEWAY.callback_answer(outcome, None)
    assert content_type == "application/json" and body["RspCode"] == code and body["Message"]
