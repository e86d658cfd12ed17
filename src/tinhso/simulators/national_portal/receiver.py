"""The simulated national portal receiving status updates: verify, record, answer.

It can be told to be down (answer 503 to the next N updates) to show the province's retries.
"""

import json
from typing import Any

from django.conf import settings
from django.db.models import F

from tinhso.simulators.models import PortalSimulatorSwitch, PortalStatusReceipt
from tinhso.simulators.national_portal import protocol


def receive(body: bytes, headers: Any) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON answer) for one status update, recorded whatever the outcome."""
    text = body.decode("utf-8", errors="replace")
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    fields = _fields(data if isinstance(data, dict) else {})
    refused = protocol.problem(
        settings.NATIONAL_PORTAL_STATUS_SECRET,
        body,
        headers,
        settings.NATIONAL_PORTAL_REPLAY_WINDOW,
    )
    if refused:
        return _answer(401, text, fields, False, refused)
    if not isinstance(data, dict) or not fields["message_id"]:
        return _answer(400, text, fields, True, "Nội dung không phải tin trạng thái JSON.")
    # One statement takes one unit of the outage, so concurrent updates never share it.
    if PortalSimulatorSwitch.objects.filter(pk=1, fail_next__gt=0).update(
        fail_next=F("fail_next") - 1
    ):
        status = PortalSimulatorSwitch.objects.get(pk=1).fail_status
        return _answer(status, text, fields, True, "Sự cố giả lập.")
    if PortalStatusReceipt.objects.filter(message_id=fields["message_id"], answered=200).exists():
        return 200, {"received": True, "duplicate": True, "message_id": fields["message_id"]}
    return _answer(200, text, fields, True, "")


def set_outage(fail_next: int, fail_status: int = 503) -> PortalSimulatorSwitch:
    switch, _ = PortalSimulatorSwitch.objects.update_or_create(
        pk=1, defaults={"fail_next": fail_next, "fail_status": fail_status}
    )
    return switch


def outage() -> PortalSimulatorSwitch:
    return PortalSimulatorSwitch.objects.filter(pk=1).first() or PortalSimulatorSwitch(pk=1)


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    def text(key: str, size: int) -> str:
        value = data.get(key)
        return str(value)[:size] if value is not None else ""

    sequence = data.get("sequence")
    return {
        "message_id": text("message_id", 64),
        "external_id": text("external_id", 64),
        "dossier_code": text("dossier_code", 32),
        "sequence": sequence if isinstance(sequence, int) and sequence >= 0 else None,
        "status": text("status", 24),
        "status_label": text("status_label", 100),
        "action": text("action", 24),
        "action_label": text("action_label", 100),
        "note": text("note", 2000),
    }


def _answer(
    status: int, body: str, fields: dict[str, Any], valid: bool, problem: str
) -> tuple[int, dict[str, Any]]:
    PortalStatusReceipt.objects.create(
        body=body[:20000], signature_valid=valid, answered=status, problem=problem, **fields
    )
    if status == 200:
        return status, {"received": True, "message_id": fields["message_id"]}
    return status, {"error": problem}


def ledger(body: bytes, headers: Any) -> tuple[int, dict[str, Any]]:
    """The "what have you received" call a reconciliation needs (docs/national-portal.md,
    "Reconciliation"): for each dossier code, the last status update accepted (answered 200),
    as the portal holds it. Signed like the status updates; the body names the period
    `{"date_from": "yyyy-mm-dd", "date_to": "yyyy-mm-dd"}` of the dossiers' submission.
    """
    refused = protocol.problem(
        settings.NATIONAL_PORTAL_STATUS_SECRET,
        body,
        headers,
        settings.NATIONAL_PORTAL_REPLAY_WINDOW,
    )
    if refused:
        return 401, {"error": refused}
    try:
        query = json.loads(body.decode("utf-8"))
    except ValueError:
        return 400, {"error": "Nội dung không phải JSON."}
    if not isinstance(query, dict):
        return 400, {"error": "Nội dung không phải JSON."}
    date_from = str(query.get("date_from") or "")
    date_to = str(query.get("date_to") or "9999-12-31")
    latest: dict[str, dict[str, Any]] = {}
    accepted = PortalStatusReceipt.objects.filter(answered=200, signature_valid=True)
    for receipt in accepted.order_by("received_at", "id").iterator():
        try:
            data = json.loads(receipt.body)
        except ValueError:
            continue
        code = receipt.dossier_code
        if not code or not isinstance(data, dict):
            continue
        submitted = str(data.get("submitted_at") or "")[:10]
        if submitted and not date_from <= submitted <= date_to:
            continue
        held = latest.get(code)
        if held is not None and (receipt.sequence or 0) <= held["sequence"]:
            continue
        latest[code] = {
            "dossier_code": code,
            "external_id": receipt.external_id,
            "channel": str(data.get("channel") or ""),
            "status": receipt.status,
            "sequence": receipt.sequence or 0,
            "submitted_at": str(data.get("submitted_at") or ""),
            "at": str(data.get("at") or ""),
        }
    return 200, {"dossiers": sorted(latest.values(), key=lambda d: d["dossier_code"])}
