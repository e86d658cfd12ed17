"""HTTP client for a remote-signing service speaking VNPT SmartCA's published shapes (API sp769
v1: get_certificate, sign with sign_type "hash", status poll) and the meaning of its answers.

Base URL, service-provider account and timeout come from settings (SMARTCA_*). Every answer is
read into a `RemoteAnswer` whose `state` the provider acts on; `MESSAGES` says it to the officer
in Vietnamese. Viettel MySign's numeric statuses (4000 waiting, 4001 timeout, 4002 rejected,
13004 certificate expired/revoked …) map to the same states, so a MySign adapter can reuse them.

Legal frame: remote signing with the key kept by the CA and activated by the subscriber for each
signature (Nghị định 23/2025/NĐ-CP; Thông tư 15/2025/TT-BKHCN: the signing software tells the
user whether signing succeeded).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import requests
from django.conf import settings

log = logging.getLogger(__name__)


class RemoteState(StrEnum):
    WAITING = "waiting"
    SIGNED = "signed"
    REFUSED = "refused"
    EXPIRED = "expired"
    CREDENTIAL_INVALID = "credential_invalid"  # our SP account (sp_id/sp_password) refused
    CERTIFICATE_INVALID = "certificate_invalid"  # the subscriber's certificate revoked/suspended
    BAD_REQUEST = "bad_request"  # incl. an unknown transaction id
    UNAVAILABLE = "unavailable"  # network error, 5xx, not JSON


MESSAGES: dict[RemoteState, str] = {
    RemoteState.WAITING: (
        "Đang chờ xác nhận: mở ứng dụng ký số trên điện thoại và đồng ý ký giao dịch này."
    ),
    RemoteState.SIGNED: "Đã ký số thành công.",
    RemoteState.REFUSED: "Người ký đã từ chối ký trên điện thoại.",
    RemoteState.EXPIRED: (
        "Hết thời gian chờ xác nhận trên điện thoại; giao dịch ký đã hủy, hãy ký lại."
    ),
    RemoteState.CREDENTIAL_INVALID: (
        "Nhà cung cấp dịch vụ ký số từ xa từ chối tài khoản kết nối của hệ thống "
        "(SP_CREDENTIAL_INVALID); báo quản trị hệ thống kiểm tra SMARTCA_SP_ID và "
        "SMARTCA_SP_PASSWORD."
    ),
    RemoteState.CERTIFICATE_INVALID: (
        "Chứng thư số của người ký đã bị thu hồi, tạm dừng hoặc hết hạn tại nhà cung cấp "
        "(CREDENTIAL_STATUS_INVALID); không thể ký bằng chứng thư này."
    ),
    RemoteState.BAD_REQUEST: (
        "Nhà cung cấp dịch vụ ký số từ xa không nhận yêu cầu (mã giao dịch hoặc chứng thư không "
        "đúng)."
    ),
    RemoteState.UNAVAILABLE: ("Không kết nối được dịch vụ ký số từ xa; hãy thử lại sau ít phút."),
}

# SmartCA `message` values (its document prints the first two; the others are what the simulator
# answers and what we have seen in integrators' code) and MySign `status` numbers.
_BY_MESSAGE = {
    "sig_wait_for_user_confirm": RemoteState.WAITING,
    "success": RemoteState.SIGNED,
    "sig_rejected_by_user": RemoteState.REFUSED,
    "sig_transaction_expired": RemoteState.EXPIRED,
    "sp_credential_invalid": RemoteState.CREDENTIAL_INVALID,
    "credential_status_invalid": RemoteState.CERTIFICATE_INVALID,
    "bad_request": RemoteState.BAD_REQUEST,
}
_BY_HTTP = {
    400: RemoteState.BAD_REQUEST,
    401: RemoteState.CREDENTIAL_INVALID,
    403: RemoteState.CERTIFICATE_INVALID,
}
MYSIGN_STATUS = {
    1: RemoteState.SIGNED,
    4000: RemoteState.WAITING,
    6000: RemoteState.WAITING,
    4001: RemoteState.EXPIRED,
    4002: RemoteState.REFUSED,
    4004: RemoteState.UNAVAILABLE,
    4005: RemoteState.UNAVAILABLE,
    13004: RemoteState.CERTIFICATE_INVALID,
    58007: RemoteState.CREDENTIAL_INVALID,
    58008: RemoteState.CREDENTIAL_INVALID,
}


@dataclass(frozen=True)
class RemoteAnswer:
    state: RemoteState
    raw_message: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return MESSAGES[self.state]

    def signature_for(self, doc_id: str, key: str = "signatures") -> bytes | None:
        """The raw signature returned for `doc_id` (base64 in the answer), if any."""
        for item in self.data.get(key) or []:
            if isinstance(item, dict) and item.get("doc_id") == doc_id:
                try:
                    return base64.b64decode(str(item.get("signature_value") or ""), validate=True)
                except (binascii.Error, ValueError):
                    return None
        return None


def interpret(http_status: int, body: Any) -> RemoteAnswer:
    """The state an answer (or a webhook body) means."""
    if not isinstance(body, dict):
        return RemoteAnswer(RemoteState.UNAVAILABLE)
    message = str(body.get("message") or "").strip()
    raw_data = body.get("data")
    data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
    code = body.get("status_code")
    if http_status >= 500 or (isinstance(code, int) and code >= 500):
        return RemoteAnswer(RemoteState.UNAVAILABLE, message, data)
    for status in (http_status, code):
        if isinstance(status, int) and status in _BY_HTTP:
            return RemoteAnswer(_BY_HTTP[status], message, data)
    state = _BY_MESSAGE.get(message.lower())
    if state is None and isinstance(body.get("status"), int):
        state = MYSIGN_STATUS.get(body["status"])
    return RemoteAnswer(state or RemoteState.UNAVAILABLE, message, data)


class SmartCAClient:
    """The few calls Tỉnh Số makes (all POST, JSON)."""

    def __init__(
        self,
        base_url: str | None = None,
        sp_id: str | None = None,
        sp_password: str | None = None,
        timeout: int | None = None,
    ) -> None:
        self.base_url = (base_url or settings.SMARTCA_BASE_URL).rstrip("/")
        self.sp_id = settings.SMARTCA_SP_ID if sp_id is None else sp_id
        self.sp_password = settings.SMARTCA_SP_PASSWORD if sp_password is None else sp_password
        self.timeout = timeout or settings.SMARTCA_TIMEOUT

    def _post(self, path: str, body: dict[str, Any] | None) -> RemoteAnswer:
        url = f"{self.base_url}/{path}"
        try:
            response = requests.post(url, json=body or {}, timeout=self.timeout)
            payload = response.json()
        except (requests.RequestException, ValueError) as exc:
            log.warning("remote signing: %s failed: %s", path, exc)
            return RemoteAnswer(RemoteState.UNAVAILABLE, str(exc)[:200])
        return interpret(response.status_code, payload)

    def _account(self) -> dict[str, str]:
        return {"sp_id": self.sp_id, "sp_password": self.sp_password}

    def get_certificate(self, user_id: str, transaction_id: str, serial: str = "") -> RemoteAnswer:
        body = {**self._account(), "user_id": user_id, "serial_number": serial}
        body["transaction_id"] = transaction_id
        # Its "Success" reads as RemoteState.SIGNED: for this call, "answered".
        return self._post("v1/credentials/get_certificate", body)

    def sign(
        self,
        *,
        user_id: str,
        serial: str,
        transaction_id: str,
        description: str,
        doc_id: str,
        digest: bytes,
    ) -> RemoteAnswer:
        body = {
            **self._account(),
            "user_id": user_id,
            "transaction_id": transaction_id,
            "transaction_desc": description,
            "serial_number": serial,
            "sign_files": [
                {
                    "data_to_be_signed": digest.hex(),
                    "doc_id": doc_id,
                    "file_type": "pdf",
                    "sign_type": "hash",
                }
            ],
        }
        return self._post("v1/signatures/sign", body)

    def status(self, transaction_id: str) -> RemoteAnswer:
        return self._post(f"v1/signatures/sign/{transaction_id}/status", None)


# --- the webhook's authentication ----------------------------------------------------------
# SmartCA's document describes the webhook body but no authentication. Ours (agreed with the
# provider when the webhook URL is registered; docs/signatures-remote.md):
#     X-Timestamp: <Unix seconds>
#     X-Signature: sha256=<hex HMAC-SHA256(SMARTCA_WEBHOOK_SECRET, "<X-Timestamp>." + body)>
# refused when the secret is unset, the signature differs or the timestamp is more than
# WEBHOOK_WINDOW seconds away. Even an authentic webhook only carries a signature value, which we
# check against the registered certificate before using it.
WEBHOOK_WINDOW = 300
SIGNATURE_HEADER = "X-Signature"
TIMESTAMP_HEADER = "X-Timestamp"


class WebhookRefused(Exception):
    """Why a webhook is refused (Vietnamese)."""


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def webhook_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    timestamp = str(int(time.time() if now is None else now))
    return {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: webhook_signature(secret, timestamp, body),
    }


def verify_webhook(
    secret: str, body: bytes, timestamp: str | None, given: str | None, now: float | None = None
) -> None:
    if not secret:
        raise WebhookRefused("Chưa cấu hình khóa bí mật của webhook (SMARTCA_WEBHOOK_SECRET).")
    if not timestamp or not given:
        raise WebhookRefused(f"Thiếu tiêu đề {TIMESTAMP_HEADER} hoặc {SIGNATURE_HEADER}.")
    try:
        signed_at = int(timestamp)
    except ValueError:
        raise WebhookRefused(f"{TIMESTAMP_HEADER} phải là thời điểm Unix (giây).") from None
    if abs((time.time() if now is None else now) - signed_at) > WEBHOOK_WINDOW:
        raise WebhookRefused("Yêu cầu đã hết hiệu lực (thời điểm ký lệch quá 5 phút).")
    expected = webhook_signature(secret, timestamp, body)
    if not hmac.compare_digest(expected.encode(), given.strip().lower().encode()):
        raise WebhookRefused("Chữ ký của webhook không đúng.")
