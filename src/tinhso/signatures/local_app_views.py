"""Views of the local signing app (tinhso.signatures.providers.local_app).

- `page`: the officer's page of a session — the plug-in's parameters, the button that calls
  vgcaplugin.js (or says the app is not installed), the session's state;
- `document` (GET FileName) and `upload` (POST FileUploadHandler): called by the app, not by a
  browser session; authenticated by the session's token (?t= or "Authorization: Bearer"),
  answered in the JSON the app reads ({Status, Message …}), never with a 500.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from tinhso.signatures.local_app_access import session_of_officer
from tinhso.signatures.models import SessionStatus
from tinhso.signatures.providers import local_app
from tinhso.signatures.providers.local_app_check import MAX_RETURNED_BYTES


def _token(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer ") and header[7:].strip():
        return header[7:].strip()
    return str(request.GET.get("t", "")).strip()


def _json(answer: local_app.Answer) -> JsonResponse:
    response = JsonResponse(answer.body(), status=answer.http_status)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_GET
def page(request: HttpRequest, session_id: str) -> HttpResponse:
    session = session_of_officer(request.user, session_id)
    context: dict[str, Any] = {
        "session": session,
        "call": None,
        "field_label": local_app.FIELD_LABELS.get(session.field_name, session.field_name),
    }
    if session.status == SessionStatus.PENDING and not session.is_expired:
        token = local_app.issue_token(session)
        base = request.build_absolute_uri("/").rstrip("/")
        call = local_app.plugin_call(
            session,
            file_url=base + reverse("signatures_local_app:document", args=[session.id]),
            upload_url=base + reverse("signatures_local_app:upload", args=[session.id]),
            token=token,
        )
        context["call"] = {"function": call.function, "parameters": call.parameters}
        context["params_json"] = json.dumps(call.parameters, ensure_ascii=False)
    context["back_url"] = _back_url(request)
    context["plugin_script"] = getattr(settings, "VGCA_PLUGIN_SCRIPT_URL", "")
    context["simulator"] = bool(getattr(settings, "SIMULATORS_ENABLED", False))
    return render(request, "signatures/local_app.html", context)


def _back_url(request: HttpRequest) -> str:
    """Where the officer came from (?ve=, e.g. the dossier whose result they sign): a path on
    this site only, never another host."""
    back = request.GET.get("ve", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return ""


@csrf_exempt
@require_GET
def document(request: HttpRequest, session_id: str) -> HttpResponse:
    pdf, refusal = local_app.document_for_app(session_id, _token(request))
    if refusal is not None:
        return _json(refusal)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="van-ban-{session_id}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # the app posts without a browser session; the token authenticates it
@require_POST
def upload(request: HttpRequest, session_id: str) -> HttpResponse:
    token = _token(request)
    if not local_app.token_valid(session_id, token):
        return _json(local_app.BAD_TOKEN)  # before the body is read: no token, no upload
    try:
        names = list(request.FILES.keys())
        uploaded = request.FILES.get(names[0]) if names else None
    except Exception:  # a malformed multipart body
        uploaded = None
    data: bytes | None = None
    oversize = False
    if uploaded is not None:  # the app sends one file; its field name varies between versions
        oversize = bool(uploaded.size and uploaded.size > MAX_RETURNED_BYTES)
        data = None if oversize else uploaded.read(MAX_RETURNED_BYTES + 1)
    return _json(local_app.receive_upload(session_id, token, data, oversize=oversize))
