"""Remote signing on a phone: the provider's webhook, and the officer's page of a session
(waiting → signed / refused / expired) with "Kiểm tra lại" (poll now)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from tinhso.signatures import remote_access, signing
from tinhso.signatures.models import SessionStatus, SigningSession
from tinhso.signatures.providers import remote
from tinhso.signatures.remote_client import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    RemoteAnswer,
    WebhookRefused,
    interpret,
    verify_webhook,
)


def _json(status: int, message: str) -> JsonResponse:
    return JsonResponse(
        {"status_code": status, "message": message},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> JsonResponse:
    """The provider's result of a transaction (SmartCA §3.5 body), HMAC-authenticated."""
    try:
        verify_webhook(
            settings.SMARTCA_WEBHOOK_SECRET,
            request.body,
            request.headers.get(TIMESTAMP_HEADER),
            request.headers.get(SIGNATURE_HEADER),
        )
    except WebhookRefused as exc:
        return _json(401, str(exc))
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _json(400, "Nội dung không phải JSON hợp lệ.")
    if not isinstance(body, dict) or body.get("sp_id") != settings.SMARTCA_SP_ID:
        return _json(400, "sp_id không đúng tài khoản của hệ thống.")
    session = SigningSession.objects.filter(
        provider=remote.NAME, provider_transaction_id=str(body.get("transaction_id") or "")
    ).first()
    if session is None:
        return _json(404, "Không có phiên ký nào với mã giao dịch này.")
    state = interpret(200, body).state
    files = body.get("signed_files") if isinstance(body.get("signed_files"), list) else []
    answer = RemoteAnswer(state, str(body.get("message") or ""), {"signed_files": files})
    remote.apply_answer(session.pk, answer, signatures_key="signed_files")
    return _json(200, "Đã nhận.")


@login_required
@require_GET
def session_page(request: HttpRequest, session_id: str) -> HttpResponse:
    session = remote_access.session_for(request.user, session_id)
    return render(
        request,
        "signatures/remote_session.html",
        {
            "session": session,
            "pending": session.status == SessionStatus.PENDING,
            "verify_url": signing.verify_url(session.verify_code)
            if session.status == SessionStatus.SIGNED and session.verify_code
            else "",
        },
    )


@login_required
@require_POST
def session_check(request: HttpRequest, session_id: str) -> HttpResponse:
    session = remote_access.session_for(request.user, session_id)
    session = remote.poll_session(session.pk)
    messages.info(request, session.message or session.get_status_display())
    return redirect("signatures_remote:session", session_id=session.pk)
