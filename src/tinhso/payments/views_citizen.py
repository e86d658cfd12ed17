"""The citizen pays a dossier's fee: /ho-so-cua-toi/<code>/thanh-toan/ (issue 16 item 3).

The amount is what the server computes (services.create_payment); the browser only picks a
provider. The return page NEVER confirms anything: it shows the payment's state as the
provider's server-to-server callback left it (views_callbacks.ipn → services.
record_notification) and asks again every few seconds (htmx) while it waits. The dossier's
applicant only (dossiers.access.own_dossier: anyone else's dossier is "not found"; staff 403).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from tinhso.accounts.access import applicant_required
from tinhso.core.client_ip import client_ip
from tinhso.dossiers.access import own_dossier
from tinhso.payments import selectors, services
from tinhso.payments.constants import OPEN_STATES, EventKind
from tinhso.payments.gateways import UnknownProvider, get_gateway
from tinhso.payments.gateways.base import GatewayUnavailable, StartRequest

logger = logging.getLogger(__name__)
POLL_SECONDS = 3


def _page(request: HttpRequest, dossier, error: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "payments/pay.html",
        {
            "dossier": dossier,
            "fees": selectors.fee_summary(dossier),
            "providers": selectors.online_providers(),
            "error": error,
        },
        status=status,
    )


@applicant_required
def pay(request: HttpRequest, code: str) -> HttpResponse:
    dossier = own_dossier(request.user, code)
    if request.method != "POST":
        return _page(request, dossier)
    provider = request.POST.get("provider", "")
    if provider not in dict(selectors.online_providers()):
        return _page(request, dossier, "Hãy chọn một đơn vị thanh toán trong danh sách.", 400)
    try:
        gateway = get_gateway(provider)
        payment = services.create_payment(dossier, provider=provider, actor=request.user)
    except UnknownProvider:
        return _page(request, dossier, "Hãy chọn một đơn vị thanh toán trong danh sách.", 400)
    except services.PaymentError as exc:
        return _page(request, dossier, str(exc), 409)
    ip = client_ip(request) or "127.0.0.1"
    return_url = settings.SITE_URL + reverse("payments:returned", args=[dossier.code])
    try:
        started = gateway.start(
            StartRequest(
                reference=payment.reference,
                amount=payment.amount,
                description=f"Nop phi ho so {dossier.code}",
                client_ip=ip,
                return_url=f"{return_url}?ma={payment.reference}",
                created_at=payment.created_at,
                expires_at=payment.expires_at or payment.created_at,
            )
        )
    except (GatewayUnavailable, ValueError) as exc:
        logger.warning("payment %s could not start: %s", payment.reference, exc)
        services.log_event(
            provider=provider,
            kind=EventKind.START,
            outcome="error",
            payment=payment,
            reference=payment.reference,
            amount=payment.amount,
            note=str(exc),
            remote_ip=ip,
        )
        return _page(
            request,
            dossier,
            "Chưa kết nối được đơn vị thanh toán. Xin thử lại sau ít phút hoặc chọn đơn vị khác.",
            503,
        )
    services.log_event(
        provider=provider,
        kind=EventKind.START,
        payment=payment,
        reference=payment.reference,
        amount=payment.amount,
        raw={"redirect_url": started.redirect_url[:2000], "qr": bool(started.qr_payload)},
        remote_ip=ip,
    )
    if not started.redirect_url:
        return _page(request, dossier, "Đơn vị thanh toán không trả về trang thanh toán.", 503)
    return redirect(started.redirect_url)


@applicant_required
def returned(request: HttpRequest, code: str) -> HttpResponse:
    """Where the provider sends the browser back. Shown only: the query string (signed or
    not) is logged and never believed."""
    dossier = own_dossier(request.user, code)
    reference = request.GET.get("ma", "") or request.GET.get("vnp_TxnRef", "")
    payment = selectors.payment_of(dossier, reference)
    polling = request.headers.get("HX-Request") == "true"
    if payment is not None and not polling:
        services.log_event(
            provider=payment.provider,
            kind=EventKind.RETURN,
            payment=payment,
            reference=payment.reference,
            raw={k: request.GET.get(k, "")[:500] for k in list(request.GET)[:40]},
            note="Trình duyệt quay về: chỉ để hiển thị, không dùng để xác nhận.",
            remote_ip=client_ip(request),
        )
    context = {
        "dossier": dossier,
        "payment": payment,
        "waiting": payment is not None and payment.state in OPEN_STATES,
        "fees": selectors.fee_summary(dossier),
        "poll_seconds": POLL_SECONDS,
        "poll_url": request.get_full_path(),
    }
    template = "payments/_return_state.html" if polling else "payments/returned.html"
    return render(request, template, context)
