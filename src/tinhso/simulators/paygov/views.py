"""The simulated PayGov behind a provincial LGSP (/mo-phong/paygov/).

It speaks tinhso.payments.gateways.paygov's protocol (whose docstring says what is published
and what we chose): the LGSP login hands out a bearer token (30 minutes) to the province's
LGSP account; paygate, CheckSumUrlReturn and TransactionStatus refuse a missing or stale token
with HTTP 401 and a bad checksum with `{"error_code": "FAILED"}`; callbacks are signed with
the partner's secret and answered SUCCESSFUL or FAILED by the partner.
"""

from __future__ import annotations

import hmac
import re
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tinhso.payments.gateways import paygov as protocol
from tinhso.payments.gateways.national import platform_time
from tinhso.simulators.payplatform import core
from tinhso.simulators.payplatform.models import SimulatedPayment

State = SimulatedPayment.State
TOKEN_SECONDS = 30 * 60
SIGNER_SALT = "tinhso.simulators.paygov.token"
ORDER = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
STATE_CODE = {
    State.PAID: protocol.PAID,
    State.WAITING: protocol.WAITING,
    State.CANCELLED: protocol.CANCELLED,
    State.EXPIRED: protocol.TIMED_OUT,
    State.DECLINED: "51",
}


def _secret() -> str:
    return str(settings.PAYGOV_SECRET)


def callback_message(payment: SimulatedPayment, amount: int) -> dict[str, Any]:
    message: dict[str, Any] = {
        "amount": amount,
        "orderId": payment.reference,
        "orderInfo": payment.description,
        "requestCode": str(payment.request.get("requestCode", "")),
        "transactionNo": payment.transaction_no,
        "payDate": platform_time(payment.paid_at) if payment.paid_at else "",
        "paygate": payment.bank_code,
        "errorCode": STATE_CODE[State(payment.state)],
        "type": "PAY",
        "transactionCode": f"PG{payment.transaction_no}" if payment.transaction_no else "",
    }
    message["checksum"] = protocol.callback_checksum(_secret(), message)
    return message


def return_query(payment: SimulatedPayment) -> dict[str, str]:
    return {k: str(v) for k, v in callback_message(payment, payment.amount).items()}


DIALECT = core.Dialect(
    provider="paygov",
    title="PayGov qua nền tảng tích hợp của tỉnh (mô phỏng)",
    namespace="simulators:paygov",
    callback=callback_message,
    return_query=return_query,
    verify_answer=lambda said: (
        isinstance(said, dict) and said.get("error_code") in (protocol.SUCCESSFUL, protocol.FAILED)
    ),
)


def _failed(message: str, status: int = 400) -> JsonResponse:
    return core.answer({"error_code": protocol.FAILED, "message": message, "data": None}, status)


def _authorised(request: HttpRequest) -> bool:
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    token = token or request.headers.get("lgspaccesstoken", "").strip()
    if not token:
        return False
    fixed = str(settings.PAYGOV_TOKEN)
    if fixed and hmac.compare_digest(fixed.encode(), token.encode()):
        return True
    try:
        signing.TimestampSigner(salt=SIGNER_SALT).unsign(token, max_age=TOKEN_SECONDS)
    except signing.BadSignature:
        return False
    return True


def _guarded(request: HttpRequest) -> tuple[dict[str, Any] | None, JsonResponse | None]:
    if not _authorised(request):
        return None, _failed("Token không hợp lệ hoặc đã hết hạn.", 401)
    body = core.read_json(request)
    if body is None:
        return None, _failed("Nội dung yêu cầu không phải JSON.")
    return body, None


@csrf_exempt
@require_POST
def login(request: HttpRequest) -> JsonResponse:
    body = core.read_json(request) or {}
    username, password = str(body.get("username", "")), str(body.get("password", ""))
    good = (
        bool(settings.EXCHANGE_LGSP_USERNAME)
        and hmac.compare_digest(username.encode(), str(settings.EXCHANGE_LGSP_USERNAME).encode())
        and hmac.compare_digest(password.encode(), str(settings.EXCHANGE_LGSP_PASSWORD).encode())
        and bool(str(body.get("applicationCode", "")).strip())
    )
    if not good:
        return core.answer(
            {"success": False, "message": "Sai tên đăng nhập, mật khẩu hoặc mã ứng dụng."}, 401
        )
    token = signing.TimestampSigner(salt=SIGNER_SALT).sign(username)
    return core.answer({"success": True, "message": "", "token": token, "expiresIn": TOKEN_SECONDS})


@csrf_exempt
@require_POST
def paygate(request: HttpRequest) -> JsonResponse:
    body, refused = _guarded(request)
    if body is None:
        return refused or _failed("Yêu cầu không hợp lệ.")
    if body.get("partnerCode") != settings.PAYGOV_PARTNER_CODE:
        return _failed("Sai mã đối tác.")
    given = body.get("checksum")
    expected = protocol.request_checksum(_secret(), body)
    if not isinstance(given, str) or not hmac.compare_digest(expected, given.lower()):
        return _failed("Sai checksum.")
    order_id = str(body.get("orderId", ""))
    amount = body.get("amount")
    if (
        not ORDER.match(order_id)
        or not isinstance(amount, int)
        or isinstance(amount, bool)
        or amount <= 0
    ):
        return _failed("Dữ liệu không hợp lệ (orderId, amount).")
    try:
        with transaction.atomic():
            SimulatedPayment.objects.create(
                provider=DIALECT.provider,
                reference=order_id,
                partner_code=str(body["partnerCode"]),
                amount=amount,
                description=str(body.get("orderInfo", ""))[:300],
                return_url=str(body.get("returnUrl", ""))[:1000],
                request=body,
            )
    except IntegrityError:
        return _failed("orderId đã được dùng.", 409)
    url = core.site_url("simulators:paygov:pay", reference=order_id)
    return core.answer({"error_code": protocol.SUCCESSFUL, "message": "", "data": {"url": url}})


@csrf_exempt
@require_POST
def check_return(request: HttpRequest) -> JsonResponse:
    """CheckSumUrlReturn: whether the fields the payer's browser brought back are genuine."""
    body, refused = _guarded(request)
    if body is None:
        return refused or _failed("Yêu cầu không hợp lệ.")
    given = body.get("checksum")
    expected = protocol.callback_checksum(_secret(), body)
    if not isinstance(given, str) or not hmac.compare_digest(expected, given.lower()):
        return _failed("Sai checksum.")
    return core.answer({"error_code": protocol.SUCCESSFUL, "message": ""})


@csrf_exempt
@require_POST
def status(request: HttpRequest) -> JsonResponse:
    body, refused = _guarded(request)
    if body is None:
        return refused or _failed("Yêu cầu không hợp lệ.")
    given = body.get("checksum")
    expected = protocol.query_checksum(_secret(), body)
    if not isinstance(given, str) or not hmac.compare_digest(expected, given.lower()):
        return _failed("Sai checksum.")
    payment = SimulatedPayment.objects.filter(
        provider=DIALECT.provider,
        reference=str(body.get("orderId", "")),
        partner_code=str(body.get("partnerCode", "")),
    ).first()
    if payment is None:
        return _failed("Không có giao dịch.", 404)
    data = callback_message(payment, payment.amount)
    return core.answer({"error_code": protocol.SUCCESSFUL, "message": "", "data": data})


@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, reference: str) -> HttpResponse:
    return core.pay_page(request, DIALECT, reference)


@require_POST
def notify(request: HttpRequest, reference: str) -> HttpResponse:
    return core.notify(request, DIALECT, reference)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return core.index(request, DIALECT)
