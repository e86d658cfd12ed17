"""PayGov (the national online-payment platform) reached through the provincial integration
platform (LGSP), as provincial OpenCPS deployments call it (next-capabilities.md §3.2).

Published in public code: a bearer token from the LGSP, `POST <PayGov>/paygate` with
`{partnerCode, returnUrl, orderId, amount, orderInfo (accents stripped), requestCode,
ipAddress}` (one province adds `checksum, accessKey, serviceCode`), answered with `data.url`
where the citizen is sent; the return address is checked by the LGSP
(`POST <PayGov>/CheckSumUrlReturn` → `error_code == "SUCCESSFUL"`); the callback carries
amount, orderId, orderInfo, requestCode, transactionNo, payDate, paygate, errorCode ("00" =
paid), type, transactionCode and checksum, and is answered SUCCESSFUL or FAILED.

No PayGov specification is public (regulations.md §6.1), so these are our choices, spoken
the same way by the simulator (tinhso.simulators.paygov):
- the token: the LGSP login `POST <login> {username, password, applicationCode}` →
  `{token, expiresIn}` with the province's LGSP account (EXCHANGE_LGSP_*), or a fixed
  PAYGOV_TOKEN; sent as `Authorization: Bearer` and as `lgspaccesstoken`;
- orderId and requestCode are both our Payment.reference (what requestCode means is not
  published);
- the request's `checksum` = hex(HMAC-SHA256(PAYGOV_SECRET, partnerCode|orderId|amount|
  orderInfo|requestCode|ipAddress|returnUrl));
- the callback's wire names are the Java constants' names in camelCase (inferred) and its
  `checksum` = hex(HMAC-SHA256(PAYGOV_SECRET, amount|orderId|orderInfo|requestCode|
  transactionNo|payDate|paygate|errorCode|type|transactionCode)), in the order the fields
  are listed; payDate is yyyyMMddHHmmss, Vietnam time; the currency is always VND;
- the status query: `POST <PayGov>/TransactionStatus {partnerCode, orderId, requestCode,
  checksum = HMAC(partnerCode|orderId|requestCode)}` answered `{error_code, data}` with data
  shaped and signed like a callback;
- errorCode "00" paid, "01" waiting, "24" cancelled by the payer, "11" timed out, anything
  else refused;
- no refund API: refund() says so.
The return address check (CheckSumUrlReturn) is for what the citizen's page says only; money
counts only from a verified callback or query (services.record_notification).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import requests
from django.conf import settings

from tinhso.payments.constants import Outcome
from tinhso.payments.gateways.base import (
    BadSignature,
    GatewayUnavailable,
    Notification,
    RefundResult,
    StartRequest,
    StartResult,
    json_callback,
)
from tinhso.payments.gateways.national import ascii_text, parse_platform_time, signed_text

REQUEST_FIELDS = (
    "partnerCode",
    "orderId",
    "amount",
    "orderInfo",
    "requestCode",
    "ipAddress",
    "returnUrl",
)
CALLBACK_FIELDS = (
    "amount",
    "orderId",
    "orderInfo",
    "requestCode",
    "transactionNo",
    "payDate",
    "paygate",
    "errorCode",
    "type",
    "transactionCode",
)
QUERY_FIELDS = ("partnerCode", "orderId", "requestCode")
PAID, WAITING, CANCELLED, TIMED_OUT = "00", "01", "24", "11"
SUCCESSFUL, FAILED = "SUCCESSFUL", "FAILED"
TOKEN_MARGIN_SECONDS = 60
ANSWERED_SUCCESSFUL: set[str] = {
    Outcome.CONFIRMED,
    Outcome.ALREADY,
    Outcome.NOT_PAID,
    Outcome.PENDING,
}
ANSWER_MESSAGE: dict[str, str] = {
    Outcome.CONFIRMED: "Đã xác nhận thanh toán",
    Outcome.ALREADY: "Giao dịch đã được xác nhận trước đó",
    Outcome.NOT_PAID: "Đã ghi nhận giao dịch không thành công",
    Outcome.PENDING: "Đã ghi nhận giao dịch đang chờ",
    Outcome.BAD_SIGNATURE: "Sai checksum",
    Outcome.WRONG_AMOUNT: "Sai số tiền",
    Outcome.WRONG_CURRENCY: "Sai loại tiền",
    Outcome.UNKNOWN: "Không có giao dịch",
    Outcome.ERROR: "Lỗi xử lý",
}


def checksum(secret: str, fields: Sequence[str], message: Mapping[str, Any]) -> str:
    text = signed_text(fields, message)
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def request_checksum(secret: str, message: Mapping[str, Any]) -> str:
    return checksum(secret, REQUEST_FIELDS, message)


def callback_checksum(secret: str, message: Mapping[str, Any]) -> str:
    return checksum(secret, CALLBACK_FIELDS, message)


def query_checksum(secret: str, message: Mapping[str, Any]) -> str:
    return checksum(secret, QUERY_FIELDS, message)


class PayGovGateway:
    provider = "paygov"

    def __init__(
        self,
        *,
        url: str,
        partner_code: str,
        secret: str,
        token: str = "",
        login_url: str = "",
        username: str = "",
        password: str = "",
        application_code: str = "",
        timeout: float = 10,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url.rstrip("/")
        self.partner_code = partner_code
        self._secret = secret
        self._fixed_token = token
        self.login_url = login_url
        self.username = username
        self._password = password
        self.application_code = application_code
        self.timeout = timeout
        self._clock = clock
        self._token = ""
        self._token_until = 0.0

    def __repr__(self) -> str:  # never the secret, the password or the token
        return f"PayGovGateway(url={self.url!r}, partner={self.partner_code!r})"

    @classmethod
    def from_settings(cls) -> PayGovGateway:
        return cls(
            url=settings.PAYGOV_URL,
            partner_code=settings.PAYGOV_PARTNER_CODE,
            secret=settings.PAYGOV_SECRET,
            token=settings.PAYGOV_TOKEN,
            login_url=settings.PAYGOV_LOGIN_URL,
            username=settings.EXCHANGE_LGSP_USERNAME,
            password=settings.EXCHANGE_LGSP_PASSWORD,
            application_code=settings.EXCHANGE_LGSP_APPLICATION_CODE,
            timeout=settings.PAYMENT_TIMEOUT_SECONDS,
        )

    # --- HTTP through the LGSP ------------------------------------------------------------

    def _http(self, url: str, body: dict[str, Any], what: str, token: str = "") -> Any:
        headers = {"Authorization": f"Bearer {token}", "lgspaccesstoken": token} if token else {}
        try:
            response = requests.post(url, json=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            raise GatewayUnavailable(f"Không kết nối được LGSP/PayGov ({what}).") from exc
        if response.status_code >= 500 or response.status_code in (401, 403):
            raise GatewayUnavailable(
                f"LGSP/PayGov từ chối hoặc tạm lỗi ({what}): HTTP {response.status_code}."
            )
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise GatewayUnavailable(f"LGSP/PayGov trả lời không đọc được ({what}).")
        return answer

    def token(self) -> str:
        """A bearer token: PAYGOV_TOKEN, or the LGSP login's, kept until shortly before it
        runs out."""
        if self._fixed_token:
            return self._fixed_token
        if self._token and self._clock() < self._token_until:
            return self._token
        if not self.login_url or not self.username:
            raise GatewayUnavailable("Chưa cấu hình đăng nhập LGSP cho PayGov (PAYGOV_*).")
        body = {
            "username": self.username,
            "password": self._password,
            "applicationCode": self.application_code,
        }
        answer = self._http(self.login_url, body, "đăng nhập LGSP")
        token = str(answer.get("token") or "")
        if not token:
            raise GatewayUnavailable("LGSP không cấp token cho PayGov.")
        try:
            seconds = int(answer.get("expiresIn") or 1800)
        except (TypeError, ValueError):
            seconds = 1800
        self._token = token
        self._token_until = self._clock() + max(seconds - TOKEN_MARGIN_SECONDS, 1)
        return token

    def _call(self, operation: str, body: dict[str, Any], what: str) -> dict[str, Any]:
        if not self.url or not self._secret or not self.partner_code:
            raise GatewayUnavailable(
                "Chưa cấu hình PayGov (PAYGOV_URL, PAYGOV_PARTNER_CODE, PAYGOV_SECRET)."
            )
        answer: dict[str, Any] = self._http(f"{self.url}/{operation}", body, what, self.token())
        return answer

    # --- the gateway ----------------------------------------------------------------------

    def paygate_message(self, request: StartRequest) -> dict[str, Any]:
        message: dict[str, Any] = {
            "partnerCode": self.partner_code,
            "returnUrl": request.return_url,
            "orderId": request.reference,
            "amount": request.amount,
            "orderInfo": ascii_text(request.description, 255),
            "requestCode": request.reference,
            "ipAddress": request.client_ip,
        }
        message["checksum"] = request_checksum(self._secret, message)
        return message

    def start(self, request: StartRequest) -> StartResult:
        answer = self._call("paygate", self.paygate_message(request), "khởi tạo giao dịch")
        data = answer.get("data")
        url = str(data.get("url", "")) if isinstance(data, dict) else ""
        if str(answer.get("error_code", "")) != SUCCESSFUL or not url.startswith(
            ("https://", "http://")
        ):
            message = str(answer.get("message") or "không rõ lý do")
            raise GatewayUnavailable(f"PayGov không nhận giao dịch: {message}.")
        return StartResult(redirect_url=url, provider_reference=request.reference)

    def _notification(self, message: Mapping[str, Any]) -> Notification:
        if not self._secret:
            raise BadSignature("Chưa cấu hình PAYGOV_SECRET.")
        given = message.get("checksum")
        expected = callback_checksum(self._secret, message)
        if not isinstance(given, str) or not hmac.compare_digest(expected, given.lower()):
            raise BadSignature("checksum không đúng.")
        try:
            amount = int(str(message.get("amount", "")))
        except ValueError:
            raise BadSignature("amount không phải số nguyên.") from None
        code = str(message.get("errorCode", ""))
        return Notification(
            reference=str(message.get("orderId", "")),
            amount=amount,
            currency="VND",
            paid=code == PAID,
            pending=code == WAITING,
            provider_transaction=str(message.get("transactionNo", "")),
            bank_code=str(message.get("paygate", ""))[:20],
            paid_at=parse_platform_time(str(message.get("payDate", ""))) if code == PAID else None,
            code=code,
            raw=dict(message),
        )

    def parse_callback(self, params: dict[str, str], body: bytes) -> Notification:
        message = json_callback(params, body)
        return self._notification(message)

    def callback_answer(
        self, outcome: str, notification: Notification | None
    ) -> tuple[str, dict[str, str]]:
        code = SUCCESSFUL if outcome in ANSWERED_SUCCESSFUL else FAILED
        return "application/json", {
            "error_code": code,
            "message": ANSWER_MESSAGE.get(outcome, "Lỗi xử lý"),
        }

    def query(self, reference: str, created_at: datetime, client_ip: str) -> Notification:
        body = {"partnerCode": self.partner_code, "orderId": reference, "requestCode": reference}
        body["checksum"] = query_checksum(self._secret, body)
        answer = self._call("TransactionStatus", body, "tra cứu giao dịch")
        data = answer.get("data")
        if str(answer.get("error_code", "")) != SUCCESSFUL or not isinstance(data, dict):
            raise GatewayUnavailable(
                f"PayGov không tra cứu được: {answer.get('message') or 'không rõ'}."
            )
        return self._notification(data)

    def return_verified(self, query: Mapping[str, str]) -> bool:
        """Whether the LGSP says the citizen's return address is genuine (CheckSumUrlReturn):
        for the words on the page only, never to count money."""
        try:
            answer = self._call("CheckSumUrlReturn", dict(query), "kiểm tra địa chỉ trả về")
        except GatewayUnavailable:
            return False
        return str(answer.get("error_code", "")) == SUCCESSFUL

    def refund(
        self, reference: str, amount: int, reason: str, created_at: datetime, by: str
    ) -> RefundResult:
        return RefundResult(
            accepted=False,
            code="unsupported",
            message=(
                "PayGov qua LGSP không có giao diện hoàn tiền công bố: kế toán hoàn trả qua "
                "kho bạc hoặc ngân hàng và ghi nhận tại đây."
            ),
        )
