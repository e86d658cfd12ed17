"""The simulated provincial LGSP e-document API (/mo-phong/lgsp/api/lgspedoc/…) over the same
store as the simulated axis (tinhso.exchange.transport.lgsp says what is published and what is
ours). A registered axis system logs in with its systemId as username and its secret as
password; the token lives TOKEN_SECONDS."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from tinhso.simulators.axis import store
from tinhso.simulators.axis.models import AxisSystem, AxisToken
from tinhso.simulators.axis.seed import ensure_directory

TOKEN_SECONDS = 30 * 60
NEW = "initial"

LgspView = Callable[[HttpRequest, AxisSystem, dict[str, Any]], JsonResponse]


def _answer(payload: dict[str, object] | None = None, status: int = 200) -> JsonResponse:
    body = {"success": status < 400, "message": "", **(payload or {})}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        raise store.AxisError(400, "Nội dung yêu cầu không phải JSON.") from None
    if not isinstance(body, dict):
        raise store.AxisError(400, "Nội dung yêu cầu phải là một đối tượng JSON.")
    return body


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@csrf_exempt
@require_POST
def login(request: HttpRequest) -> JsonResponse:
    ensure_directory()
    try:
        body = _json_body(request)
    except store.AxisError as error:
        return _answer({"message": error.description}, status=error.http_status)
    system = AxisSystem.objects.filter(system_id=str(body.get("username", ""))).first()
    password = str(body.get("password", ""))
    if (
        system is None
        or not hmac.compare_digest(system.secret.encode(), password.encode())
        or not str(body.get("applicationCode", "")).strip()
    ):
        return _answer({"message": "Sai tên đăng nhập, mật khẩu hoặc mã ứng dụng."}, status=401)
    token = secrets.token_urlsafe(32)
    AxisToken.objects.create(
        token_hash=_token_hash(token),
        system=system,
        expires_at=timezone.now() + timedelta(seconds=TOKEN_SECONDS),
    )
    return _answer({"token": token, "expiresIn": TOKEN_SECONDS})


def lgsp_operation(method: str) -> Callable[[LgspView], Callable[[HttpRequest], JsonResponse]]:
    allow = require_GET if method == "GET" else require_POST

    def decorate(view: LgspView) -> Callable[[HttpRequest], JsonResponse]:
        @csrf_exempt
        @allow
        @wraps(view)
        def wrapper(request: HttpRequest) -> JsonResponse:
            ensure_directory()
            try:
                data: dict[str, Any] = (
                    request.GET.dict() if method == "GET" else _json_body(request)
                )
                bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
                token = bearer or str(data.get("token", ""))
                row = (
                    AxisToken.objects.filter(
                        token_hash=_token_hash(token), expires_at__gt=timezone.now()
                    )
                    .select_related("system")
                    .first()
                )
                if not token or row is None:
                    raise store.AxisError(401, "Mã truy cập không hợp lệ hoặc đã hết hạn.")
                return view(request, row.system, data)
            except store.AxisError as error:
                extra = {"message": error.description, **error.extra}
                return _answer(extra, status=error.http_status)

        return wrapper

    return decorate


@lgsp_operation("POST")
def send_edoc(request: HttpRequest, system: AxisSystem, data: dict[str, Any]) -> JsonResponse:
    content = data.get("edocContent")
    if not isinstance(content, str):
        raise store.AxisError(400, "Thiếu edocContent (nội dung edXML).")
    destinations = data.get("destOrgCode", "")
    if isinstance(destinations, str):
        destinations = destinations.split(",")
    if not isinstance(destinations, list):
        raise store.AxisError(400, "destOrgCode phải là mã định danh hoặc danh sách mã.")
    message, _created = store.send(
        system,
        message_id=str(data.get("messageId", "")),
        message_type=str(data.get("messageType", "")),
        from_organ=str(data.get("fromOrgCode", "")),
        to_organs=[str(code) for code in destinations],
        body=content.encode("utf-8"),
    )
    return _answer({"docId": str(message.doc_id)})


@lgsp_operation("GET")
def received_edocs(request: HttpRequest, system: AxisSystem, data: dict[str, Any]) -> JsonResponse:
    items = store.pending(system, message_type=str(data.get("messageType", "")))
    rows = [
        {
            "serviceType": "eDoc",
            "createdTime": item.created_at.isoformat(),
            "updatedTime": item.updated_at.isoformat(),
            "messageType": item.message.message_type,
            "docId": str(item.doc_id),
            "from": item.message.from_organ,
            "to": item.to_organ,
            "status": NEW,
            "statusDesc": "Văn bản mới",
        }
        for item in items
    ]
    return _answer({"data": rows})


@lgsp_operation("GET")
def get_edoc(request: HttpRequest, system: AxisSystem, data: dict[str, Any]) -> JsonResponse:
    item = store.inbox_item(system, str(data.get("docId", "")))
    try:
        edxml = bytes(item.message.body).decode("utf-8")
    except UnicodeDecodeError:
        raise store.AxisError(422, "Gói tin không phải edXML UTF-8.") from None
    return _answer(
        {"edxml": edxml, "attachments": [], "edocCode": str(item.message.doc_id), "fromName": ""}
    )


@lgsp_operation("POST")
def update_status(request: HttpRequest, system: AxisSystem, data: dict[str, Any]) -> JsonResponse:
    store.acknowledge(system, str(data.get("docId", "")), str(data.get("status", "")))
    return _answer()


@lgsp_operation("GET")
def organizations(request: HttpRequest, system: AxisSystem, data: dict[str, Any]) -> JsonResponse:
    rows = [
        {
            "orgCode": organ.code,
            "orgName": organ.name,
            "parentCode": organ.parent_code,
            "address": organ.address,
            "email": organ.email,
            "phone": organ.phone,
            "website": organ.website,
        }
        for organ in store.directory()
    ]
    return _answer({"data": rows})
