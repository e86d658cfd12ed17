"""What the two payment simulators share (the national platform, PayGov): the payer's page
with its buttons and its test controls, the server-to-server callback to our IPN and the
record of what we answered. Each protocol module says how its messages look and are signed
(a `Dialect`)."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template import Engine, RequestContext
from django.template.backends.django import get_installed_libraries
from django.urls import reverse
from django.utils import timezone

from tinhso.simulators.payplatform.models import SimulatedPayment

logger = logging.getLogger(__name__)
State = SimulatedPayment.State

_engine = Engine(
    dirs=[str(Path(__file__).parent / "templates")],
    app_dirs=True,
    context_processors=[
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "tinhso.core.context_processors.site",
    ],
    libraries=get_installed_libraries(),
    debug=settings.DEBUG,
)

# The payer's buttons: the state each one leaves the transaction in.
ACTIONS = {
    "pay": State.PAID,
    "decline": State.DECLINED,
    "cancel": State.CANCELLED,
    "expire": State.EXPIRED,
}
BANKS = ("NCB", "VCB", "BIDV", "AGRIBANK", "VIETINBANK")


@dataclass(frozen=True)
class Dialect:
    """One protocol's side of the simulator."""

    provider: str
    title: str
    namespace: str  # "simulators:payplatform"
    # the callback message for a transaction (the amount may be changed to test refusals)
    callback: Callable[[SimulatedPayment, int], dict[str, Any]]
    # the query string the payer's browser is sent back with
    return_query: Callable[[SimulatedPayment], dict[str, str]]
    # whether the partner's answer to a callback is well formed (and signed, where it is)
    verify_answer: Callable[[Any], bool]


def render(
    request: HttpRequest, name: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    html = _engine.get_template(name).render(RequestContext(request, context))
    return HttpResponse(html, status=status)


def answer(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def read_json(request: HttpRequest) -> dict[str, Any] | None:
    try:
        body = json.loads(request.body or b"")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def site_url(name: str, **kwargs: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs or None)


def ipn_url(provider: str) -> str:
    """Where the partner (this server) takes callbacks: registered with the real platform."""
    return site_url("payments:ipn", provider=provider)


def send_callback(dialect: Dialect, payment: SimulatedPayment, amount: int | None = None) -> str:
    """Post the callback of `payment` to our IPN, server to server; keep what was answered."""
    message = dialect.callback(payment, payment.amount if amount is None else amount)
    try:
        response = requests.post(ipn_url(dialect.provider), json=message, timeout=10)
        status, text = response.status_code, response.content.decode("utf-8", "replace")[:2000]
    except requests.RequestException as exc:
        status, text = 0, f"Không gọi được: {type(exc).__name__}"
    try:
        said: Any = json.loads(text)
    except ValueError:
        said = text
    payment.callbacks = [
        *payment.callbacks,
        {
            "at": timezone.now().isoformat(),
            "message": message,
            "status": status,
            "answer": said,
            "verified": dialect.verify_answer(said),
        },
    ]
    payment.save(update_fields=["callbacks"])
    return text


def settle(payment: SimulatedPayment, action: str) -> None:
    payment.state = ACTIONS[action]
    if payment.state == State.PAID:
        payment.transaction_no = f"{timezone.localtime():%y%m%d}{secrets.randbelow(10**8):08d}"
        payment.bank_code = secrets.choice(BANKS)
        payment.paid_at = timezone.now()
    payment.save()


def pay_page(request: HttpRequest, dialect: Dialect, reference: str) -> HttpResponse:
    """The payer's page: Thanh toán, Từ chối, Hủy, Hết thời gian; and the test controls "pay
    twice" (the callback is sent twice), "late callback" (none now: send it later from the
    simulator's list) and "wrong amount" (the callback states 1.000 đồng more)."""
    payment = SimulatedPayment.objects.filter(
        provider=dialect.provider, reference=reference
    ).first()
    if payment is None:
        return render(
            request,
            "payplatform_sim/error.html",
            {"dialect": dialect, "message": "Không có giao dịch này."},
            404,
        )
    context = {"dialect": dialect, "payment": payment, "receipt": _receipt_lines(payment)}
    if request.method != "POST":
        return render(request, "payplatform_sim/pay.html", context)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        context["error"] = "Hãy chọn một thao tác."
        return render(request, "payplatform_sim/pay.html", context, 400)
    if payment.state != State.WAITING:
        context["error"] = f"Giao dịch đã kết thúc ({payment.get_state_display()})."
        return render(request, "payplatform_sim/pay.html", context, 409)
    with transaction.atomic():
        settle(payment, action)
    if request.POST.get("late") != "1":
        wrong = request.POST.get("wrong_amount") == "1"
        send_callback(dialect, payment, payment.amount + 1000 if wrong else None)
        if request.POST.get("twice") == "1":
            send_callback(dialect, payment, payment.amount + 1000 if wrong else None)
    if not payment.return_url:
        return HttpResponseRedirect(reverse(f"{dialect.namespace}:index"))
    glue = "&" if "?" in payment.return_url else "?"
    return HttpResponseRedirect(
        payment.return_url + glue + urlencode(dialect.return_query(payment))
    )


def notify(request: HttpRequest, dialect: Dialect, reference: str) -> HttpResponse:
    """Send (again) the callback of a finished transaction: the late callback."""
    payment = SimulatedPayment.objects.filter(
        provider=dialect.provider, reference=reference
    ).first()
    if payment is not None and payment.state != State.WAITING:
        send_callback(dialect, payment)
    return HttpResponseRedirect(reverse(f"{dialect.namespace}:index"))


def index(request: HttpRequest, dialect: Dialect) -> HttpResponse:
    payments = SimulatedPayment.objects.filter(provider=dialect.provider)[:100]
    return render(request, "payplatform_sim/index.html", {"dialect": dialect, "payments": payments})


def _receipt_lines(payment: SimulatedPayment) -> list[tuple[str, int]]:
    """The fee lines the partner sent (ThongTinBienLai.PhiLePhi), for the payer to read."""
    receipt = payment.request.get("ThongTinBienLai") or {}
    items = receipt.get("PhiLePhi") if isinstance(receipt, dict) else None
    lines: list[tuple[str, int]] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            try:
                lines.append((str(item.get("TenPhiLePhi", "")), int(item.get("SoTien", 0))))
            except (TypeError, ValueError):
                continue
    return lines
