"""Server-to-server callbacks (IPN) of the payment providers: /thanh-toan/<provider>/ipn/.

Thin on purpose: the adapter verifies and reads (gateways/*), services.record_notification
counts, the adapter answers in its protocol. Not behind a login or CSRF (the provider's server
calls it); trust comes only from the checksum the adapter verifies. A callback that does not
verify is logged with what it said and answered as its protocol says (VNPay 97), and changes
nothing.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from tinhso.core.client_ip import client_ip
from tinhso.payments import services
from tinhso.payments.constants import EventKind, Outcome
from tinhso.payments.gateways import UnknownProvider, get_gateway
from tinhso.payments.gateways.base import BadSignature

logger = logging.getLogger(__name__)
MAX_BODY = 64 * 1024


@csrf_exempt
def ipn(request: HttpRequest, provider: str) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    try:
        gateway = get_gateway(provider)
    except UnknownProvider:
        raise Http404("Không có đơn vị thanh toán này.") from None
    body = request.body[:MAX_BODY] if request.method == "POST" else b""
    params = {key: request.GET.get(key, "") for key in request.GET}
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        params.update({key: request.POST.get(key, "") for key in request.POST})
    ip = client_ip(request)
    notification = None
    outcome: str
    try:
        notification = gateway.parse_callback(params, body)
    except BadSignature as exc:
        services.log_event(
            provider=provider,
            kind=EventKind.CALLBACK,
            outcome=Outcome.BAD_SIGNATURE,
            reference=params.get("vnp_TxnRef", "") or params.get("MaThamChieu", ""),
            raw={"params": params, "body": body.decode("utf-8", "replace")[:4000]},
            note=str(exc),
            remote_ip=ip,
        )
        logger.warning("payment callback from %s did not verify: %s", ip, exc)
        outcome = Outcome.BAD_SIGNATURE
    else:
        try:
            outcome = services.record_notification(
                provider, notification, kind=EventKind.CALLBACK, remote_ip=ip
            ).outcome
        except Exception:  # answered in the provider's protocol ("99"), never a 500 page
            logger.exception("payment callback %s failed", notification.reference)
            outcome = Outcome.ERROR
    content_type, answer = gateway.callback_answer(outcome, notification)
    if content_type == "application/json":
        return JsonResponse(answer, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(answer, content_type=content_type)
