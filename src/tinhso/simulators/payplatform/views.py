"""The simulated payment platform of the national public-service portal (/mo-phong/ntt/).

It speaks tinhso.payments.gateways.national's protocol (whose docstring says what is published
and what we chose): it verifies the partner's MaXacThuc on init and on get-bill and refuses a
bad one with MaLoi "04", an unknown partner or malformed fields with "06", an unknown
reference with "01"; it signs its confirm callbacks and get-bill answers with the partner's
key, and checks the MaXacThuc of the partner's answer to each callback.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tinhso.payments.gateways import national as protocol
from tinhso.simulators.payplatform import core
from tinhso.simulators.payplatform.models import SimulatedPayment

State = SimulatedPayment.State
REFERENCE = re.compile(r"^[A-Za-z0-9]{1,20}$")
STATE_CODE = {
    State.PAID: protocol.OK,
    State.WAITING: protocol.WAITING,
    State.CANCELLED: protocol.CANCELLED,
    State.EXPIRED: protocol.TIMED_OUT,
    State.DECLINED: protocol.DECLINED,
}


def _key() -> str:
    return str(settings.DVCQG_PAY_HASH_KEY)


def confirm_message(payment: SimulatedPayment, amount: int) -> dict[str, Any]:
    message: dict[str, Any] = {
        "LoaiBanTin": protocol.MSG_CONFIRM,
        "MaLoi": STATE_CODE[State(payment.state)],
        "MaDoiTac": payment.partner_code,
        "MaThamChieu": payment.reference,
        "SoTien": str(amount),
        "MaTienTe": "VND",
        "MaGiaoDich": payment.transaction_no,
        "MaNganHang": payment.bank_code,
        "ThoiGianGD": protocol.platform_time(payment.paid_at or payment.created_at),
        "ThongTinGiaoDich": payment.description,
    }
    message["MaXacThuc"] = protocol.confirm_mac(_key(), message)
    return message


def return_query(payment: SimulatedPayment) -> dict[str, str]:
    return {"MaThamChieu": payment.reference, "MaLoi": STATE_CODE[State(payment.state)]}


DIALECT = core.Dialect(
    provider="dvcqg",
    title="Nền tảng thanh toán của Cổng Dịch vụ công quốc gia (mô phỏng)",
    namespace="simulators:payplatform",
    callback=confirm_message,
    return_query=return_query,
    verify_answer=lambda said: answer_verified(said),
)


def _refuse(code: str, message: dict[str, Any] | None = None, status: int = 200) -> JsonResponse:
    body = {
        "MaLoi": code,
        "MoTaLoi": protocol.CODES[code],
        "MaThamChieu": str((message or {}).get("MaThamChieu", ""))[:64],
    }
    return core.answer(body, status)


@csrf_exempt
@require_POST
def init(request: HttpRequest) -> JsonResponse:
    message = core.read_json(request)
    if message is None:
        return _refuse(protocol.BAD_DATA, status=400)
    if (
        message.get("LoaiBanTin") != protocol.MSG_INIT
        or message.get("MaDoiTac") != settings.DVCQG_PAY_PARTNER_CODE
    ):
        return _refuse(protocol.BAD_DATA, message, 400)
    if not protocol.same_mac(protocol.init_mac(_key(), message), message.get("MaXacThuc")):
        return _refuse(protocol.BAD_MAC, message, 400)
    reference = str(message.get("MaThamChieu", ""))
    amount = str(message.get("SoTien", ""))
    if not REFERENCE.match(reference) or not amount.isdigit() or int(amount) <= 0:
        return _refuse(protocol.BAD_DATA, message, 400)
    if message.get("MaTienTe") not in ("VND", "704"):
        return _refuse(protocol.WRONG_CURRENCY, message, 400)
    try:
        with transaction.atomic():
            SimulatedPayment.objects.create(
                provider=DIALECT.provider,
                reference=reference,
                partner_code=str(message["MaDoiTac"]),
                amount=int(amount),
                description=str(message.get("ThongTinGiaoDich", ""))[:300],
                started_at=str(message.get("ThoiGianGD", ""))[:20],
                return_url=str(message.get("UrlTraVe", ""))[:1000],
                request=message,
            )
    except IntegrityError:
        return _refuse(protocol.BAD_DATA, message, 409)  # a reference is used once
    body = {
        "MaLoi": protocol.OK,
        "MoTaLoi": protocol.CODES[protocol.OK],
        "MaThamChieu": reference,
        "UrlThanhToan": core.site_url("simulators:payplatform:pay", reference=reference),
    }
    return core.answer(body)


@csrf_exempt
@require_POST
def query(request: HttpRequest) -> JsonResponse:
    """Get bill: the transaction's state, signed like a confirm callback."""
    message = core.read_json(request)
    if message is None:
        return _refuse(protocol.BAD_DATA, status=400)
    if not protocol.same_mac(protocol.get_bill_mac(_key(), message), message.get("MaXacThuc")):
        return _refuse(protocol.BAD_MAC, message, 400)
    payment = SimulatedPayment.objects.filter(
        provider=DIALECT.provider,
        reference=str(message.get("MaThamChieu", "")),
        partner_code=str(message.get("MaDoiTac", "")),
    ).first()
    if payment is None:
        return _refuse(protocol.UNKNOWN_REFERENCE, message, 404)
    return core.answer(confirm_message(payment, payment.amount))


@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, reference: str) -> HttpResponse:
    return core.pay_page(request, DIALECT, reference)


@require_POST
def notify(request: HttpRequest, reference: str) -> HttpResponse:
    return core.notify(request, DIALECT, reference)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return core.index(request, DIALECT)


def answer_verified(answer: Any) -> bool:
    """Whether the partner's answer to a callback carries a good MaXacThuc (shown in the list)."""
    return isinstance(answer, dict) and protocol.same_mac(
        protocol.answer_mac(_key(), answer), answer.get("MaXacThuc")
    )
