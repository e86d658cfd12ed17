"""Status updates for the national portal: queued in the officer's transaction, sent after it.

Nghị định 118/2025/NĐ-CP requires the progress and result of a dossier filed on the Cổng
Dịch vụ công quốc gia to be followed there; this module keeps that promise without ever
holding up the officer. queue_status() only writes a row in the transaction of the status
change (roll it back and nothing is sent); once it commits a task posts the row, signed
(signing.py) — in a Celery worker in production, in-process without a broker; a failure is
recorded on the row and retried with exponential back-off by send_due() (the beat's
`nationalportal.send_due`, or `manage.py nationalportal_send` from cron), never raised. Rows
are taken with core.outbox.claim and back off by core.outbox.Backoff, like every outbox.
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.core.outbox import Backoff, claim, enqueue
from tinhso.dossiers import selectors as dossier_selectors
from tinhso.dossiers.constants import Action, Channel, Status
from tinhso.dossiers.models import Dossier
from tinhso.nationalportal import selectors
from tinhso.nationalportal.constants import MAX_BACKOFF_SECONDS, MessageState
from tinhso.nationalportal.models import PortalDossier, StatusMessage
from tinhso.nationalportal.signing import signed_headers

logger = logging.getLogger(__name__)

# A sender holds a message this long past its timeout, so two overlapping runs never both
# send it; a run that died mid-way frees it when the lease runs out.
LEASE_MARGIN = timedelta(seconds=60)
# One run sends at most this many messages (a large backlog is drained by the next runs).
MAX_PER_RUN = 1000
# After a failed attempt, updates are left to nationalportal_send for this long instead of
# being tried in the officer's request: a portal that hangs costs one timeout, not one per
# officer action.
QUIET_AFTER_FAILURE = timedelta(seconds=60)


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0


def local_iso(value: datetime | None) -> str | None:
    """ISO 8601 in the province's time zone, e.g. 2026-11-20T09:00:00+07:00."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def queue_status(
    dossier: Dossier, *, action: str, note: str = "", at: datetime | None = None
) -> StatusMessage | None:
    """Queue the update of one status change of any dossier, whatever its channel.

    Nghị định 118/2025/NĐ-CP: the province's system keeps the Cổng Dịch vụ công quốc gia
    informed of every dossier it handles (received at the counter, online, by post or on the
    portal) and of every change of its status, so the portal can follow and count it (766,
    Quyết định 766/QĐ-TTg). Runs inside the transaction of the status change: the row exists
    exactly when the change does. Sending starts once that transaction commits. `at`: when
    the change happened (its event's time; default: the dossier's last event).

    A dossier filed on the portal is linked to the portal's code only after dossier_create
    (tinhso.nationalportal.services.intake_dossier queues its `submit` then): until then
    nothing is queued for it here, so its submission is reported once, with the portal's code.
    """
    link = selectors.portal_dossier_of(dossier)
    if link is None and dossier.channel == Channel.NATIONAL_PORTAL:
        return None
    last = StatusMessage.objects.filter(dossier=dossier).aggregate(last=Max("sequence"))["last"]
    if last is None and link is not None:  # messages queued before every dossier was reported
        last = link.messages.aggregate(last=Max("sequence"))["last"]
    if at is None:
        event = dossier_selectors.timeline(dossier).last()
        at = event.at if event is not None else timezone.now()
    return _queue(dossier, link, (last or 0) + 1, action=action, note=note, at=at)


def queue_first_status(
    dossier: Dossier, *, link: PortalDossier | None, action: str, at: datetime, note: str = ""
) -> StatusMessage:
    """queue_status for a dossier created in the current transaction, whose portal link (or
    None) the caller holds: nothing of it was queued before, so it is message 1."""
    return _queue(dossier, link, 1, action=action, note=note, at=at)


def _queue(
    dossier: Dossier,
    link: PortalDossier | None,
    sequence: int,
    *,
    action: str,
    note: str,
    at: datetime,
) -> StatusMessage:
    message = StatusMessage(
        portal_dossier=link,
        dossier=dossier,
        sequence=sequence,
        action=action,
        dossier_status=dossier.status,
        next_attempt_at=timezone.now(),
    )
    message.payload = {
        "message_id": str(message.message_id),
        "sequence": message.sequence,
        "external_id": link.external_id if link is not None else "",
        "dossier_code": dossier.code,
        "procedure_code": link.procedure_code
        if link is not None
        else dossier.procedure_version.procedure.code,
        "agency": link.receiving_agency_code if link is not None else dossier.receiving_agency.code,
        "competent_agency": dossier.competent_agency.code,
        "channel": dossier.channel,
        "status": dossier.status,
        "status_label": Status(dossier.status).label,
        "action": action,
        "action_label": Action(action).label if action in Action.values else action,
        "at": local_iso(at),
        "note": note,
        "submitted_at": local_iso(dossier.submitted_at),
        "received_at": local_iso(dossier.received_at),
        "due_at": local_iso(dossier.due_at),
    }
    message.save()
    dossier_id = dossier.pk
    transaction.on_commit(lambda: _send_later(dossier_id), robust=True)
    return message


def _send_later(dossier_id: int) -> None:
    from tinhso.nationalportal.tasks import send_dossier

    enqueue(send_dossier, dossier_id)


def send_after_commit(dossier_id: int) -> Outcome:
    """The officer's transaction has committed: send this dossier's due updates now, unless
    the portal failed within the last minute (then the next nationalportal_send run does)."""
    recently = timezone.now() - QUIET_AFTER_FAILURE
    if StatusMessage.objects.filter(
        state=MessageState.RETRYING, last_attempt_at__gte=recently
    ).exists():
        return Outcome()
    return send_due(dossier_id=dossier_id)


def send_due(now: datetime | None = None, *, dossier_id: int | None = None) -> Outcome:
    """Send every message that is due and first in line for its dossier; returns the counts.

    Each message is tried at most once per run; a message whose predecessor was just sent
    is picked up in the same run.
    """
    outcome = Outcome()
    tried: set[int] = set()
    while len(tried) < MAX_PER_RUN:
        moment = now or timezone.now()
        due = selectors.due_messages(moment, dossier_id).exclude(pk__in=tried)
        taken = _take(due, moment)
        if not taken:
            break
        tried.update(taken)
        claimed = StatusMessage.objects.select_related("portal_dossier").filter(pk__in=taken)
        for message in claimed.order_by("pk"):
            if _deliver_safely(message, moment):
                outcome.sent += 1
            else:
                outcome.failed += 1
    return outcome


def resend(
    messages: list[StatusMessage], *, actor: object, request: HttpRequest | None = None
) -> Outcome:
    """An administrator's "Gửi lại": make unsent messages due now, whatever their attempts,
    put each on the audit record, and send (in order per dossier) at once."""
    now = timezone.now()
    dossiers: set[int] = set()
    for message in messages:
        if message.state == MessageState.SENT:
            continue
        with transaction.atomic():
            StatusMessage.objects.filter(pk=message.pk).exclude(state=MessageState.SENT).update(
                state=MessageState.RETRYING
                if message.state == MessageState.FAILED
                else message.state,
                next_attempt_at=now,
            )
            audit_record(
                actor=actor,
                action="nationalportal.resend",
                target=message,
                summary=(
                    f"Gửi lại tin #{message.sequence} ({message.action}) của hồ sơ "
                    f"{message.reference}; trước đó: "
                    f"{message.get_state_display()}, {message.attempts} lần, "
                    f"{message.last_error or 'không có lỗi'}"
                )[:500],
                changes={"state": [message.state, "retrying"], "attempts": message.attempts},
                request=request,
            )
        if message.dossier_id is not None:
            dossiers.add(message.dossier_id)
    outcome = Outcome()
    for dossier_id in sorted(dossiers):
        result = send_due(dossier_id=dossier_id)
        outcome.sent += result.sent
        outcome.failed += result.failed
    return outcome


def retry_policy() -> Backoff:
    """base, 2×base, 4×base … at most 6 hours; given up after NATIONAL_PORTAL_MAX_ATTEMPTS."""
    return Backoff(
        first=timedelta(seconds=settings.NATIONAL_PORTAL_RETRY_BASE),
        cap=timedelta(seconds=MAX_BACKOFF_SECONDS),
        max_attempts=settings.NATIONAL_PORTAL_MAX_ATTEMPTS,
    )


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure."""
    return retry_policy().wait(attempts)


def body_of(message: StatusMessage) -> bytes:
    return json.dumps(message.payload, ensure_ascii=False, separators=(",", ":")).encode()


def _take(due: QuerySet[StatusMessage], now: datetime) -> list[int]:
    """Claim up to 100 due messages for this run (at most one per dossier is ever due)."""
    lease = timedelta(seconds=settings.NATIONAL_PORTAL_TIMEOUT) + LEASE_MARGIN
    return claim(due, values={"next_attempt_at": now + lease}, limit=100)


class DeliveryError(Exception):
    def __init__(self, message: str, status_code: int | None = None):
        super().__init__(message)
        self.status_code = status_code


def _post(message: StatusMessage) -> int:
    url = settings.NATIONAL_PORTAL_STATUS_URL
    secret = settings.NATIONAL_PORTAL_STATUS_SECRET
    if not url:
        raise DeliveryError("Chưa cấu hình địa chỉ nhận trạng thái (NATIONAL_PORTAL_STATUS_URL).")
    if not secret:
        raise DeliveryError("Chưa cấu hình khóa ký (NATIONAL_PORTAL_STATUS_SECRET).")
    body = body_of(message)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Message-Id": str(message.message_id),
        **signed_headers(secret, body),
    }
    try:
        response = requests.post(
            url,
            data=body,
            headers=headers,
            timeout=settings.NATIONAL_PORTAL_TIMEOUT,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise DeliveryError(f"Không kết nối được: {type(exc).__name__}: {exc}") from exc
    if not 200 <= response.status_code < 300:
        raise DeliveryError(
            f"Cổng trả lời HTTP {response.status_code}: {response.text[:300]}",
            response.status_code,
        )
    return response.status_code


def _deliver_safely(message: StatusMessage, now: datetime) -> bool:
    """Send one claimed message and record the outcome; True when the portal accepted it.

    Nothing is raised: the status change that caused the message has already succeeded.
    """
    try:
        code = _post(message)
    except DeliveryError as exc:
        _record_failure(message, now, exc.status_code, str(exc))
        return False
    except Exception as exc:  # a bug or a misconfiguration: recorded, not raised
        logger.exception("Lỗi không lường trước khi gửi tin %s", message.message_id)
        _record_failure(message, now, None, f"{type(exc).__name__}: {exc}")
        return False
    message.state = MessageState.SENT
    message.attempts += 1
    message.last_attempt_at = timezone.now()
    message.last_status_code = code
    message.last_error = ""
    message.sent_at = timezone.now()
    message.next_attempt_at = None
    message.save(
        update_fields=[
            "state",
            "attempts",
            "last_attempt_at",
            "last_status_code",
            "last_error",
            "sent_at",
            "next_attempt_at",
        ]
    )
    return True


def _record_failure(
    message: StatusMessage, now: datetime, status_code: int | None, error: str
) -> None:
    message.attempts += 1
    message.last_attempt_at = timezone.now()
    message.last_status_code = status_code
    message.last_error = error[:2000]
    policy = retry_policy()
    if policy.gives_up(message.attempts):
        message.state = MessageState.FAILED
        message.next_attempt_at = None
        logger.error(
            "Tin trạng thái %s (hồ sơ %s) gửi không thành công sau %s lần: %s",
            message.message_id,
            message.reference,
            message.attempts,
            error,
        )
    else:
        message.state = MessageState.RETRYING
        message.next_attempt_at = now + policy.wait(message.attempts)
        logger.warning(
            "Tin trạng thái %s gửi không thành công (lần %s), thử lại lúc %s: %s",
            message.message_id,
            message.attempts,
            local_iso(message.next_attempt_at),
            error,
        )
    try:
        message.save(
            update_fields=[
                "state",
                "attempts",
                "last_attempt_at",
                "last_status_code",
                "last_error",
                "next_attempt_at",
            ]
        )
    except Exception:
        logger.exception("Không ghi được lỗi gửi tin %s", message.message_id)
