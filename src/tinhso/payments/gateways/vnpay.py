"""VNPay 2.1.0, as its merchant integration guide and public demos publish it.

- Payment URL (and the return URL and the IPN that come back): every `vnp_*` field except
  vnp_SecureHash/vnp_SecureHashType, sorted by name, key and value URL-encoded the way PHP's
  `urlencode` does (space → "+", Python's `quote_plus`), joined "k=v&…";
  vnp_SecureHash = hex(HMAC-SHA512(hash secret, that string)).
- The merchant web API (querydr, refund): a JSON POST whose checksum is HMAC-SHA512 over a
  fixed list of values joined by "|" — each command and each answer has its own list (below).
- vnp_Amount is the amount in đồng × 100; dates are yyyyMMddHHmmss in GMT+7.
- A payment succeeded only if vnp_ResponseCode == "00" and vnp_TransactionStatus == "00".

This module knows nothing of dossiers: services.record_notification counts what it verified.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import socket
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar
from urllib.parse import quote_plus

import requests
from django.conf import settings
from django.utils import timezone as dj_timezone

from tinhso.payments.gateways.base import (
    BadSignature,
    GatewayUnavailable,
    Notification,
    RefundResult,
    StartRequest,
    StartResult,
)

VERSION = "2.1.0"
GMT7 = timezone(timedelta(hours=7), "GMT+7")
HASH_FIELDS_EXCLUDED = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})

# The merchant web API's checksum fields, in the order VNPay publishes them.
QUERYDR_REQUEST = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_REQUEST = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TransactionType",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_TransactionNo",
    "vnp_TransactionDate",
    "vnp_CreateBy",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_RESPONSE = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
)
# querydr/refund codes that say "not now" rather than "no": 94 a duplicate request within the
# API's time limit, 99 another error (regulations.md §6.2); 02, 03, 91, 95, 97 are final
REFUND_RETRYABLE = frozenset({"94", "99"})
QUERYDR_RESPONSE = (*REFUND_RESPONSE, "vnp_PromotionCode", "vnp_PromotionAmount")

FULL_REFUND, PARTIAL_REFUND = "02", "03"

# IPN answers (RspCode) and the Outcome each one reports. A payment the provider reports as
# failed is still "00": the IPN was received and recorded (the published PHP demo does so).
IPN_ANSWERS: dict[str, tuple[str, str]] = {
    "confirmed": ("00", "Confirm Success"),
    "not_paid": ("00", "Confirm Success"),
    "unknown": ("01", "Order not found"),
    "already": ("02", "Order already confirmed"),
    "wrong_amount": ("04", "Invalid amount"),
    "wrong_currency": ("04", "Invalid amount"),
    "bad_signature": ("97", "Invalid signature"),
}
IPN_OTHER = ("99", "Unknown error")


# --- the signature ---------------------------------------------------------------------------


def hash_data(fields: Mapping[str, str]) -> str:
    """The string VNPay signs: the vnp_* fields but the hash itself, sorted, URL-encoded."""
    signed = sorted(
        (key, str(value))
        for key, value in fields.items()
        if key.startswith("vnp_") and key not in HASH_FIELDS_EXCLUDED
    )
    return "&".join(f"{quote_plus(key)}={quote_plus(value)}" for key, value in signed)


def hmac_sha512(secret: str, data: str) -> str:
    return hmac.new(secret.encode("utf-8"), data.encode("utf-8"), hashlib.sha512).hexdigest()


def sign(secret: str, fields: Mapping[str, str]) -> str:
    return hmac_sha512(secret, hash_data(fields))


def signature_matches(expected: str, given: str) -> bool:
    """Constant-time comparison (hex is compared case-insensitively)."""
    return hmac.compare_digest(expected.lower().encode(), given.strip().lower().encode())


def verify(secret: str, fields: Mapping[str, str]) -> bool:
    given = fields.get("vnp_SecureHash", "")
    return bool(given) and signature_matches(sign(secret, fields), given)


def pipe_checksum(secret: str, fields: Mapping[str, Any], order: Iterable[str]) -> str:
    """The merchant web API's checksum: the values in the published order, joined by "|"
    (a missing field is an empty string between its bars)."""
    values = ("" if fields.get(name) is None else str(fields.get(name)) for name in order)
    return hmac_sha512(secret, "|".join(values))


# --- values on the wire ----------------------------------------------------------------------


def vnp_time(moment: datetime) -> str:
    """yyyyMMddHHmmss in GMT+7, whatever zone `moment` is in."""
    return moment.astimezone(GMT7).strftime("%Y%m%d%H%M%S")


def parse_vnp_time(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=GMT7)
    except (TypeError, ValueError):
        return None


def vnp_amount(amount: int) -> str:
    """Whole đồng → vnp_Amount (× 100). Only a positive whole number of đồng is a payment."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValueError("Số tiền thanh toán phải là số nguyên dương (đồng).")
    return str(amount * 100)


def amount_from_vnp(value: Any) -> int:
    """vnp_Amount → whole đồng; -1 for what cannot be an amount of ours (it then never
    equals a payment's amount and is refused as a wrong amount)."""
    text = str(value).strip()
    if not text.isdigit() or int(text) % 100:
        return -1
    return int(text) // 100


def ascii_text(text: str, limit: int = 255) -> str:
    """VNPay wants vnp_OrderInfo in Vietnamese without accents and without special signs."""
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    kept = "".join(c if c.isascii() and (c.isalnum() or c in " .,-:/") else " " for c in plain)
    return " ".join(kept.split())[:limit]


def _transaction_no(value: str) -> str:
    """VNPay's transaction number; "0" (a payment never made) is no transaction."""
    return value if value.strip("0 ") else ""


def _server_ip() -> str:
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"


# --- the adapter -----------------------------------------------------------------------------


@dataclass(frozen=True)
class VnpayGateway:
    tmn_code: str
    hash_secret: str
    pay_url: str
    api_url: str
    timeout: float = 10
    order_type: str = "other"

    provider: ClassVar[str] = "vnpay"

    @classmethod
    def from_settings(cls) -> VnpayGateway:
        return cls(
            tmn_code=settings.VNPAY_TMN_CODE,
            hash_secret=settings.VNPAY_HASH_SECRET,
            pay_url=settings.VNPAY_PAY_URL,
            api_url=settings.VNPAY_API_URL,
            timeout=settings.VNPAY_TIMEOUT,
        )

    # start → the citizen's browser goes to VNPay's page
    def payment_fields(self, request: StartRequest) -> dict[str, str]:
        fields = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": vnp_amount(request.amount),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": request.reference,
            "vnp_OrderInfo": ascii_text(request.description) or request.reference,
            "vnp_OrderType": self.order_type,
            "vnp_Locale": "en" if request.locale == "en" else "vn",
            "vnp_ReturnUrl": request.return_url,
            "vnp_IpAddr": request.client_ip or "127.0.0.1",
            "vnp_CreateDate": vnp_time(request.created_at),
            "vnp_ExpireDate": vnp_time(request.expires_at),
        }
        bank = str(request.extra.get("bank_code", ""))
        if bank:
            fields["vnp_BankCode"] = bank
        return fields

    def start(self, request: StartRequest) -> StartResult:
        if not (self.tmn_code and self.hash_secret and self.pay_url):
            raise GatewayUnavailable("Chưa cấu hình VNPay (VNPAY_TMN_CODE, VNPAY_HASH_SECRET).")
        fields = self.payment_fields(request)
        data = hash_data(fields)
        signature = hmac_sha512(self.hash_secret, data)
        return StartResult(
            redirect_url=f"{self.pay_url}?{data}&vnp_SecureHash={signature}",
            provider_reference=request.reference,
        )

    # the IPN (and the return URL, which is only ever shown)
    def verified_fields(self, params: Mapping[str, str]) -> dict[str, str]:
        fields = {k: str(v) for k, v in params.items() if k.startswith("vnp_")}
        if not fields.get("vnp_SecureHash"):
            raise BadSignature("Thiếu vnp_SecureHash.")
        if not self.hash_secret or not verify(self.hash_secret, fields):
            raise BadSignature("vnp_SecureHash không đúng.")
        if fields.get("vnp_TmnCode", "") != self.tmn_code:
            raise BadSignature("vnp_TmnCode không phải mã website của tỉnh.")
        return fields

    def parse_callback(self, params: dict[str, str], body: bytes) -> Notification:
        fields = self.verified_fields(params)
        response = fields.get("vnp_ResponseCode", "")
        status = fields.get("vnp_TransactionStatus", "")
        return Notification(
            reference=fields.get("vnp_TxnRef", ""),
            amount=amount_from_vnp(fields.get("vnp_Amount", "")),
            currency=fields.get("vnp_CurrCode", "") or "VND",
            paid=response == "00" and status == "00",
            pending=response == "00" and status == "01",
            provider_transaction=_transaction_no(fields.get("vnp_TransactionNo", "")),
            bank_code=fields.get("vnp_BankCode", ""),
            paid_at=parse_vnp_time(fields.get("vnp_PayDate", "")),
            code=f"{response}/{status}",
            raw=fields,
        )

    def callback_answer(
        self, outcome: str, notification: Notification | None
    ) -> tuple[str, dict[str, str]]:
        code, message = IPN_ANSWERS.get(str(outcome), IPN_OTHER)
        return "application/json", {"RspCode": code, "Message": message}

    # the merchant web API
    def _post(self, body: dict[str, str]) -> dict[str, Any]:
        if not (self.api_url and self.hash_secret):
            raise GatewayUnavailable("Chưa cấu hình VNPAY_API_URL.")
        try:
            response = requests.post(self.api_url, json=body, timeout=self.timeout)
        except requests.RequestException as exc:
            raise GatewayUnavailable(f"Không gọi được VNPay: {exc}") from exc
        if response.status_code >= 400:
            raise GatewayUnavailable(f"VNPay trả lời HTTP {response.status_code}.")
        try:
            answer = response.json()
        except ValueError as exc:
            raise GatewayUnavailable("VNPay trả lời không phải JSON.") from exc
        if not isinstance(answer, dict):
            raise GatewayUnavailable("VNPay trả lời không đúng định dạng.")
        return {k: "" if v is None else str(v) for k, v in answer.items()}

    def _verified_answer(self, answer: dict[str, Any], order: Iterable[str]) -> dict[str, Any]:
        given = answer.get("vnp_SecureHash", "")
        if not given:
            if answer.get("vnp_ResponseCode") == "00":
                raise BadSignature("VNPay trả lời thành công nhưng không có vnp_SecureHash.")
            return answer
        if not signature_matches(pipe_checksum(self.hash_secret, answer, order), given):
            raise BadSignature("Chữ ký trong câu trả lời của VNPay không đúng.")
        return answer

    def _request_base(self, command: str) -> dict[str, str]:
        return {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": VERSION,
            "vnp_Command": command,
            "vnp_TmnCode": self.tmn_code,
            "vnp_CreateDate": vnp_time(dj_timezone.now()),
        }

    def querydr(self, reference: str, created_at: datetime, client_ip: str) -> dict[str, Any]:
        body = {
            **self._request_base("querydr"),
            "vnp_TxnRef": reference,
            "vnp_OrderInfo": f"Truy van giao dich {reference}",
            "vnp_TransactionDate": vnp_time(created_at),
            "vnp_IpAddr": client_ip or _server_ip(),
        }
        body["vnp_SecureHash"] = pipe_checksum(self.hash_secret, body, QUERYDR_REQUEST)
        return self._verified_answer(self._post(body), QUERYDR_RESPONSE)

    def query(self, reference: str, created_at: datetime, client_ip: str) -> Notification:
        """The payment's state at VNPay. A query VNPay could not answer (91 not found, 94,
        99 …) raises GatewayUnavailable: the reconciliation asks again later."""
        answer = self.querydr(reference, created_at, client_ip)
        code = answer.get("vnp_ResponseCode", "")
        if code != "00":
            raise GatewayUnavailable(
                f"VNPay không trả lời được truy vấn (mã {code}): {answer.get('vnp_Message', '')}"
            )
        if answer.get("vnp_TxnRef") != reference:
            raise BadSignature("VNPay trả lời về một giao dịch khác.")
        status = answer.get("vnp_TransactionStatus", "")
        return Notification(
            reference=reference,
            amount=amount_from_vnp(answer.get("vnp_Amount", "")),
            currency="VND",
            paid=status == "00",
            pending=status == "01",
            provider_transaction=_transaction_no(answer.get("vnp_TransactionNo", "")),
            bank_code=answer.get("vnp_BankCode", ""),
            paid_at=parse_vnp_time(answer.get("vnp_PayDate", "")),
            code=f"{code}/{status}",
            raw=answer,
        )

    def refund(
        self, reference: str, amount: int, reason: str, created_at: datetime, by: str
    ) -> RefundResult:
        """Refund `amount` đồng of a paid transaction. VNPay wants to be told whether the refund
        is full (02) or partial (03) and the transaction's number, so it is queried first."""
        paid = self.query(reference, created_at, "")
        if not paid.paid:
            return RefundResult(False, code=paid.code, message="Giao dịch chưa được thanh toán.")
        if amount > paid.amount:
            raise ValueError("Số tiền hoàn lớn hơn số tiền đã thanh toán.")
        body = {
            **self._request_base("refund"),
            "vnp_TransactionType": FULL_REFUND if amount == paid.amount else PARTIAL_REFUND,
            "vnp_TxnRef": reference,
            "vnp_Amount": vnp_amount(amount),
            "vnp_OrderInfo": ascii_text(reason) or f"Hoan tien {reference}",
            "vnp_TransactionNo": paid.provider_transaction or "0",
            "vnp_TransactionDate": vnp_time(created_at),
            "vnp_CreateBy": ascii_text(by, 250) or "tinhso",
            "vnp_IpAddr": _server_ip(),
        }
        body["vnp_SecureHash"] = pipe_checksum(self.hash_secret, body, REFUND_REQUEST)
        answer = self._verified_answer(self._post(body), REFUND_RESPONSE)
        code = answer.get("vnp_ResponseCode", "")
        return RefundResult(
            accepted=code == "00",
            provider_reference=answer.get("vnp_TransactionNo", ""),
            code=code,
            message=answer.get("vnp_Message", ""),
            retryable=code in REFUND_RETRYABLE,
        )
