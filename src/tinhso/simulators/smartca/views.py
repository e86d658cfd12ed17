"""The simulated remote-signing service (/mo-phong/smartca/): its JSON API in SmartCA's shapes,
and "the phone": a page listing the requests waiting for the user, with Đồng ý / Từ chối (and
"Hết thời gian", to try a timeout without waiting)."""

from __future__ import annotations

import json
import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from tinhso.signatures.remote_client import webhook_headers
from tinhso.simulators.models import SmartCATransaction
from tinhso.simulators.smartca import protocol

log = logging.getLogger(__name__)


def _answer(result: protocol.Answer) -> JsonResponse:
    status, body = result
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_POST
def get_certificate(request: HttpRequest) -> JsonResponse:
    return _answer(protocol.get_certificate(request.body))


@csrf_exempt
@require_POST
def sign(request: HttpRequest) -> JsonResponse:
    return _answer(protocol.sign(request.body))


@csrf_exempt
@require_POST
def status(request: HttpRequest, transaction_id: str) -> JsonResponse:
    return _answer(protocol.status(transaction_id))


def webhook_url() -> str:
    configured = settings.SMARTCA_SIMULATOR_WEBHOOK_URL
    if configured == "-":
        return ""
    return configured or settings.SITE_URL.rstrip("/") + reverse("signatures_remote:webhook")


def deliver_webhook(record: SmartCATransaction) -> str:
    """Post the user's decision to Tỉnh Số's webhook, signed with the shared secret."""
    url = webhook_url()
    if not url:
        return "không gửi (chỉ hỏi trạng thái)"
    body = json.dumps(protocol.webhook_body(record)).encode()
    headers = {"Content-Type": "application/json"}
    headers.update(webhook_headers(settings.SMARTCA_WEBHOOK_SECRET, body))
    try:
        response = requests.post(url, data=body, headers=headers, timeout=5)
        result = f"HTTP {response.status_code}"
    except requests.RequestException as exc:
        result = f"lỗi: {exc}"[:300]
    record.webhook_result = result
    record.save(update_fields=["webhook_result"])
    return result


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    for record in SmartCATransaction.objects.filter(status=SmartCATransaction.WAITING):
        protocol.status(record.transaction_id)  # runs the clock
    return render(
        request,
        "smartca_sim/index.html",
        {"transactions": SmartCATransaction.objects.all()[:50], "webhook": webhook_url()},
    )


@require_POST
def decide(request: HttpRequest, transaction_id: str, decision: str) -> HttpResponse:
    try:
        record = protocol.decide(transaction_id, decision)
    except protocol.DecisionError as exc:
        messages.error(request, str(exc))
        return redirect("simulators:smartca_sim:index")
    delivered = deliver_webhook(record)
    messages.success(
        request,
        f"Giao dịch {record.transaction_id}: {record.get_status_display()}; webhook {delivered}.",
    )
    return redirect("simulators:smartca_sim:index")
