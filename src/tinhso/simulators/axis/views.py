"""The simulated national axis (/mo-phong/truc-lien-thong/<operation>), VXP SDK protocol
(tinhso.exchange.transport.vdxp says what is published and what is ours).

Each request is signed: the `XroadVnpt-sign-header` JSON, HMAC-SHA256 keyed by the system's
secret, in `XroadVnpt-hash-header`. The values are read from the signed JSON only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tinhso.exchange.transport import vdxp
from tinhso.simulators.axis import store
from tinhso.simulators.axis.models import AxisSystem
from tinhso.simulators.axis.seed import ensure_directory

Values = dict[str, str]
AxisView = Callable[[HttpRequest, AxisSystem, Values], JsonResponse]


def _answer(payload: dict[str, object] | None = None, status: int = 200) -> JsonResponse:
    body = {"status": "OK", "ErrorCode": "0", "ErrorDesc": "Success", **(payload or {})}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _failure(error: store.AxisError) -> JsonResponse:
    body = {
        "status": "FAIL",
        "ErrorCode": str(error.http_status),
        "ErrorDesc": error.description,
        **error.extra,
    }
    return JsonResponse(body, status=error.http_status, json_dumps_params={"ensure_ascii": False})


def authenticate(request: HttpRequest) -> tuple[AxisSystem, Values]:
    sign_header = request.headers.get(vdxp.SIGN_HEADER, "")
    given = request.headers.get(vdxp.HASH_HEADER, "")
    try:
        signed = json.loads(sign_header)
    except ValueError:
        signed = None
    if not isinstance(signed, dict) or not given:
        raise store.AxisError(401, "Thiếu chữ ký yêu cầu (XroadVnpt-sign-header, hash-header).")
    values = {
        str(k).removeprefix(vdxp.PREFIX): str(v) for k, v in signed.items() if isinstance(v, str)
    }
    system = AxisSystem.objects.filter(system_id=values.get("systemid", "")).first()
    if system is None or not hmac.compare_digest(vdxp.signature(sign_header, system.secret), given):
        raise store.AxisError(401, "Sai mã hệ thống hoặc chữ ký yêu cầu.")
    try:
        moment = vdxp.parse_axis_timestamp(values.get("timestamp", ""))
    except ValueError:
        raise store.AxisError(401, "Thời điểm ký yêu cầu không hợp lệ.") from None
    if abs(timezone.now() - moment) > vdxp.SIGNATURE_WINDOW:
        raise store.AxisError(401, "Yêu cầu đã ký quá lâu hoặc đồng hồ lệch.")
    return system, values


def axis_operation(view: AxisView) -> Callable[[HttpRequest], JsonResponse]:
    @csrf_exempt
    @require_POST
    @wraps(view)
    def wrapper(request: HttpRequest) -> JsonResponse:
        ensure_directory()
        try:
            system, values = authenticate(request)
            return view(request, system, values)
        except store.AxisError as error:
            return _failure(error)

    return wrapper


def _int(value: str, default: int) -> int:
    try:
        return int(value)
    except ValueError:
        return default


@axis_operation
def send_edoc(request: HttpRequest, system: AxisSystem, values: Values) -> JsonResponse:
    body = request.body
    declared = values.get("hash-file", "")
    if declared and declared != hashlib.sha256(body).hexdigest():
        raise store.AxisError(400, "hash-file không khớp nội dung gói tin.")
    try:
        to = json.loads(values.get("to", "[]"))
    except ValueError:
        to = None
    if isinstance(to, str):
        to = [to]
    if not isinstance(to, list) or not all(isinstance(code, str) for code in to):
        raise store.AxisError(400, "Trường to phải là mảng JSON các mã định danh.")
    message, _created = store.send(
        system,
        message_id=values.get("msgid", ""),
        message_type=values.get("messagetype", ""),
        from_organ=values.get("from", ""),
        to_organs=to,
        body=body,
    )
    return _answer({"DocId": str(message.doc_id)})


@axis_operation
def received_edoc_list(request: HttpRequest, system: AxisSystem, values: Values) -> JsonResponse:
    items = store.pending(
        system,
        limit=_int(values.get("pageSize", ""), 100),
        message_type=values.get("messagetype", ""),
    )
    data = [
        {
            "docId": str(item.doc_id),
            "serviceType": vdxp.SERVICE_TYPE,
            "messageType": item.message.message_type,
            "created_time": item.created_at.isoformat(),
            "updated_time": item.updated_at.isoformat(),
            "from": item.message.from_organ,
            "to": item.to_organ,
            "status": item.status,
            "status_desc": "Chưa lấy về",
        }
        for item in items
    ]
    return _answer({"data": data})


@axis_operation
def get_edoc(request: HttpRequest, system: AxisSystem, values: Values) -> JsonResponse:
    item = store.inbox_item(system, values.get("docId", ""))
    return _answer({"data": base64.b64encode(bytes(item.message.body)).decode("ascii")})


@axis_operation
def update_status(request: HttpRequest, system: AxisSystem, values: Values) -> JsonResponse:
    store.acknowledge(system, values.get("docId", ""), values.get("status", ""))
    return _answer()


@axis_operation
def agencies_list(request: HttpRequest, system: AxisSystem, values: Values) -> JsonResponse:
    data = [
        {
            "id": organ.code,
            "code": organ.code,
            "pid": organ.parent_code,
            "pcode": organ.parent_code,
            "name": organ.name,
            "mail": organ.email,
            "mobile": organ.phone,
            "address": organ.address,
            "website": organ.website,
        }
        for organ in store.directory()
    ]
    return _answer({"data": data})
