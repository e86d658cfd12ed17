"""The simulated VNPay 2.1.0: what it checks in the merchant's requests and what it sends.

It holds one merchant: the province's VNPAY_TMN_CODE / VNPAY_HASH_SECRET. It checks the
payment URL's signature and fields as the real gateway does (a bad one is refused on the page,
code 97), and its merchant web API checks the "|" checksums of querydr and refund (97 when
they do not verify). What it sends back — the IPN to our server, the citizen's browser to
vnp_ReturnUrl, the API answers — is signed the published way. The signing functions are the
adapter's; the published vectors (payments/tests/test_vnpay_signature.py) pin them.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tinhso.payments.gateways import vnpay as wire
from tinhso.simulators.vnpay.models import VnpaySimTransaction as Tx

# what "the citizen" can do on the payment page → (status, vnp_ResponseCode, TransactionStatus)
DECISIONS: dict[str, tuple[str, str, str]] = {
    "pay": (Tx.PAID, "00", "00"),
    "refuse": (Tx.REFUSED, "51", "02"),
    "cancel": (Tx.CANCELLED, "24", "02"),
    "timeout": (Tx.TIMED_OUT, "11", "02"),
}
WRONG_AMOUNT_EXTRA = 100_000  # đồng added by the "wrong amount" control


class PageError(Exception):
    """The payment URL is refused; `code` is VNPay's (97 checksum, 03 format, 02 merchant)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _secret() -> str:
    return str(settings.VNPAY_HASH_SECRET)


def _now() -> str:
    return wire.vnp_time(timezone.now())


# --- the payment page ----------------------------------------------------------------------


def open_payment(query: dict[str, str]) -> Tx:
    """Check a vpcpay.html request and remember it (the same waiting request is reused)."""
    if not wire.verify(_secret(), query):
        raise PageError("97", "Sai chữ ký (vnp_SecureHash không đúng).")
    if query.get("vnp_TmnCode") != settings.VNPAY_TMN_CODE:
        raise PageError("02", "Website (vnp_TmnCode) chưa được đăng ký.")
    required = ("vnp_TxnRef", "vnp_OrderInfo", "vnp_ReturnUrl", "vnp_IpAddr", "vnp_OrderType")
    missing = [name for name in required if not query.get(name)]
    if missing:
        raise PageError("03", "Thiếu " + ", ".join(missing) + ".")
    if (query.get("vnp_Version"), query.get("vnp_Command")) != (wire.VERSION, "pay"):
        raise PageError("03", "vnp_Version phải là 2.1.0 và vnp_Command là pay.")
    if query.get("vnp_CurrCode") != "VND":
        raise PageError("03", "Chỉ nhận tiền đồng (vnp_CurrCode=VND).")
    if wire.amount_from_vnp(query.get("vnp_Amount", "")) <= 0:
        raise PageError("03", "vnp_Amount phải là số tiền dương nhân 100.")
    created = wire.parse_vnp_time(query.get("vnp_CreateDate", ""))
    expires = wire.parse_vnp_time(query.get("vnp_ExpireDate", ""))
    if created is None or expires is None:
        raise PageError("03", "vnp_CreateDate, vnp_ExpireDate phải theo dạng yyyyMMddHHmmss.")
    if expires <= timezone.now():
        raise PageError("11", "Giao dịch đã quá thời gian chờ thanh toán.")
    if not query["vnp_ReturnUrl"].startswith(("http://", "https://")):
        raise PageError("03", "vnp_ReturnUrl phải là địa chỉ http(s).")
    tmn, ref = query["vnp_TmnCode"], query["vnp_TxnRef"]
    earlier = Tx.objects.filter(tmn_code=tmn, txn_ref=ref).first()
    if earlier is not None:
        if earlier.status != Tx.WAITING or earlier.amount != int(query["vnp_Amount"]):
            raise PageError("94", "Mã giao dịch (vnp_TxnRef) đã được dùng.")
        return earlier
    return Tx.objects.create(
        tmn_code=tmn,
        txn_ref=ref,
        amount=int(query["vnp_Amount"]),
        order_info=query["vnp_OrderInfo"][:255],
        return_url=query["vnp_ReturnUrl"],
        create_date=query["vnp_CreateDate"],
        expire_date=query["vnp_ExpireDate"],
        ip_addr=query["vnp_IpAddr"][:45],
        bank_code=query.get("vnp_BankCode") or "NCB",
    )


def decide(tx: Tx, decision: str) -> Tx:
    """What the citizen did on the page (once: a decided transaction stays as it is)."""
    status, response, tx_status = DECISIONS[decision]
    with transaction.atomic():
        tx = Tx.objects.select_for_update().get(pk=tx.pk)
        if tx.status == Tx.WAITING:
            tx.status, tx.response_code, tx.transaction_status = status, response, tx_status
            tx.pay_date = _now()
            tx.save()
    return tx


def pay_late(tx: Tx) -> Tx:
    """The money was taken although our side gave up waiting: the transaction is paid now."""
    with transaction.atomic():
        tx = Tx.objects.select_for_update().get(pk=tx.pk)
        if tx.status in (Tx.WAITING, Tx.TIMED_OUT):
            tx.status, tx.response_code, tx.transaction_status = Tx.PAID, "00", "00"
            tx.pay_date = _now()
            tx.save()
    return tx


def result_fields(tx: Tx, *, amount: int | None = None) -> dict[str, str]:
    """The signed fields of the IPN and of the return URL (`amount` × 100 overrides)."""
    fields = {
        "vnp_Amount": str(tx.amount if amount is None else amount),
        "vnp_BankCode": tx.bank_code,
        "vnp_OrderInfo": tx.order_info,
        "vnp_PayDate": tx.pay_date,
        "vnp_ResponseCode": tx.response_code,
        "vnp_TmnCode": tx.tmn_code,
        "vnp_TransactionNo": tx.transaction_no,
        "vnp_TransactionStatus": tx.transaction_status,
        "vnp_TxnRef": tx.txn_ref,
    }
    if tx.status == Tx.PAID:
        fields.update(vnp_BankTranNo=f"VNP{tx.transaction_no}", vnp_CardType="ATM")
    fields["vnp_SecureHash"] = wire.sign(_secret(), fields)
    return fields


def return_url(tx: Tx) -> str:
    joiner = "&" if "?" in tx.return_url else "?"
    return tx.return_url + joiner + urlencode(result_fields(tx))


def ipn_url() -> str:
    """Where the merchant's IPN is (registered with VNPay; here: this server's)."""
    return settings.SITE_URL.rstrip("/") + reverse("payments:ipn", kwargs={"provider": "vnpay"})


def send_ipn(tx: Tx, kind: str = "ipn", *, wrong_amount: bool = False) -> str:
    """GET the merchant's IPN URL with the signed result; log and return what it answered."""
    amount = tx.amount + WRONG_AMOUNT_EXTRA * 100 if wrong_amount else None
    fields = result_fields(tx, amount=amount)
    try:
        response = requests.get(ipn_url(), params=fields, timeout=10)
        answer = response.json()
        said = f"{answer.get('RspCode')} {answer.get('Message')}"
    except (requests.RequestException, ValueError, AttributeError) as exc:
        said = f"không gửi được: {exc}"[:200]
    with transaction.atomic():
        locked = Tx.objects.select_for_update().get(pk=tx.pk)
        locked.ipn_log = [
            *locked.ipn_log,
            {"at": _now(), "kind": kind, "amount": fields["vnp_Amount"], "answer": said},
        ]
        locked.save(update_fields=["ipn_log"])
    return said


# --- the merchant web API (querydr, refund) --------------------------------------------------


@dataclass(frozen=True)
class _Ask:
    body: dict[str, str]
    order: tuple[str, ...]


def _answer(
    ask: _Ask, code: str, message: str, tx: Tx | None = None, **extra: str
) -> dict[str, str]:
    command = ask.body.get("vnp_Command", "")
    fields: dict[str, str] = {
        "vnp_ResponseId": secrets.token_hex(16),
        "vnp_Command": command,
        "vnp_ResponseCode": code,
        "vnp_Message": message,
        "vnp_TmnCode": str(settings.VNPAY_TMN_CODE),
        "vnp_TxnRef": ask.body.get("vnp_TxnRef", ""),
    }
    if tx is not None:
        fields.update(
            vnp_Amount=str(tx.amount),
            vnp_BankCode=tx.bank_code,
            vnp_PayDate=tx.pay_date,
            vnp_TransactionNo=tx.transaction_no,
            vnp_TransactionType="01",
            vnp_TransactionStatus="01" if tx.status == Tx.WAITING else tx.transaction_status,
            vnp_OrderInfo=tx.order_info,
        )
    fields.update(extra)
    order = wire.QUERYDR_RESPONSE if command == "querydr" else wire.REFUND_RESPONSE
    fields["vnp_SecureHash"] = wire.pipe_checksum(_secret(), fields, order)
    return fields


def merchant_api(raw: bytes) -> dict[str, str]:
    """POST merchant_webapi/api/transaction: one JSON request, one signed JSON answer."""
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return _answer(_Ask({}, ()), "03", "Dữ liệu gửi sang không đúng định dạng")
    body = {k: "" if v is None else str(v) for k, v in data.items()}
    command = body.get("vnp_Command")
    if command not in ("querydr", "refund"):
        return _answer(_Ask(body, ()), "03", "vnp_Command phải là querydr hoặc refund")
    ask = _Ask(body, wire.QUERYDR_REQUEST if command == "querydr" else wire.REFUND_REQUEST)
    expected = wire.pipe_checksum(_secret(), body, ask.order)
    if not wire.signature_matches(expected, body.get("vnp_SecureHash", "") or "-"):
        return _answer(ask, "97", "Checksum không hợp lệ")
    if body.get("vnp_TmnCode") != settings.VNPAY_TMN_CODE:
        return _answer(ask, "02", "Mã định danh kết nối không hợp lệ")
    if any(not body.get(name) for name in ask.order if name != "vnp_TransactionNo"):
        return _answer(ask, "03", "Dữ liệu gửi sang không đúng định dạng")
    tx = Tx.objects.filter(
        tmn_code=body["vnp_TmnCode"],
        txn_ref=body["vnp_TxnRef"],
        create_date=body["vnp_TransactionDate"],
    ).first()
    if tx is None:
        return _answer(ask, "91", "Không tìm thấy giao dịch yêu cầu")
    if command == "querydr":
        return _answer(ask, "00", "QueryDR Success", tx, vnp_PromotionCode="")
    return _refund(ask, tx)


def _refund(ask: _Ask, tx: Tx) -> dict[str, str]:
    body = ask.body
    kind = body.get("vnp_TransactionType")
    amount = wire.amount_from_vnp(body.get("vnp_Amount", ""))
    if kind not in (wire.FULL_REFUND, wire.PARTIAL_REFUND) or amount <= 0:
        return _answer(ask, "03", "Dữ liệu gửi sang không đúng định dạng")
    with transaction.atomic():
        tx = Tx.objects.select_for_update().get(pk=tx.pk)
        if tx.status != Tx.PAID:
            return _answer(ask, "95", "Giao dịch không thành công bên VNPAY, từ chối hoàn")
        left = tx.amount - tx.refunded
        if amount * 100 > left or (kind == wire.FULL_REFUND and amount * 100 != tx.amount):
            return _answer(ask, "03", "Số tiền hoàn không hợp lệ")
        tx.refunded += amount * 100
        tx.save(update_fields=["refunded"])
    return _answer(
        ask,
        "00",
        "Refund success",
        tx,
        vnp_Amount=str(amount * 100),
        vnp_TransactionType=kind,
        vnp_TransactionStatus="05",
        vnp_TransactionNo=str(15_000_000 + secrets.randbelow(1_000_000)),
    )
