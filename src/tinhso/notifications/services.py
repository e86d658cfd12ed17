"""Notifying citizens by e-mail and SMS once the transaction that caused the message commits.

notify() only writes rows, in the caller's transaction: roll it back and nothing is sent.
Once it commits, a task (tinhso.notifications.tasks.deliver) delivers them: in a Celery worker
in production, in-process when no broker is configured. A failure is recorded on the row and
retried with back-off by retry_due() (the beat's `notifications.retry_due`, or the
notifications_retry command from cron), never raised to the request that caused it. Rows are
taken with core.outbox.claim, so two senders never send one row.
"""

import logging
import smtplib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from tinhso.core.outbox import Backoff, claim, enqueue
from tinhso.notifications.constants import Channel, Status
from tinhso.notifications.models import Attachment, Notification
from tinhso.notifications.sms import InvalidPhone, SmsError, gateway, normalise_phone, sms_text

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Wait after the 1st, 2nd, 3rd, 4th and later failed attempt; none after the MAX_ATTEMPTS-th.
BACKOFF = Backoff(
    first=timedelta(minutes=1),
    cap=timedelta(minutes=120),
    max_attempts=MAX_ATTEMPTS,
    steps=(
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(minutes=120),
    ),
)
# A pending row whose after-commit delivery has not happened by then (the process died between
# commit and sending) is picked up by retry_due.
PENDING_GRACE = timedelta(minutes=10)
# A sender claims a row by moving next_attempt_at this far ahead (and writing its id in
# claimed_by), so that two overlapping runs do not both send it; a sender that died frees the
# row when the lease runs out (or at once when the same task runs again).
CLAIM_LEASE = timedelta(minutes=10)
# One run sends at most this many rows; the next runs drain a larger backlog.
MAX_PER_RUN = 500
# An SMTP server that never answers must not hold a request for ever.
DEFAULT_EMAIL_TIMEOUT = 10
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

EMAIL_FOOTER = (
    "\n\n--\nThư này được hệ thống Tỉnh Số gửi tự động, xin vui lòng không trả lời thư này."
)


@dataclass(frozen=True)
class AttachmentFile:
    """A file to send with the e-mail: built after commit by `source` (dotted path of
    `def f(**args) -> bytes | None`, under tinhso.) when the e-mail is first sent."""

    filename: str
    source: str
    args: dict[str, Any] = field(default_factory=dict)
    content_type: str = "application/pdf"


class EmailNotAccepted(Exception):
    """The e-mail backend reported that it sent nothing."""


DELIVERY_ERRORS = (smtplib.SMTPException, SmsError, EmailNotAccepted, OSError)


def notify(
    *,
    reference: str,
    subject: str,
    body: str,
    email: str = "",
    phone: str = "",
    user: AbstractBaseUser | None = None,
    event_key: str = "",
    sms_body: str = "",
    attachments: Sequence[AttachmentFile] = (),
    new_event: bool = False,
) -> list[Notification]:
    """Queue a message by e-mail and/or SMS; it is sent once the current transaction commits.

    A blank address skips its channel. With an `event_key` (e.g. "dossier:<code>:<status>:<id>")
    a second call for the same event and channel returns the existing row and sends nothing.
    An invalid address gives a row marked failed (shown to staff), not an exception.
    The SMS carries `sms_body` (or `body` when blank), folded to ASCII and cut at 160
    characters (sms.sms_text): give a short `sms_body` with a link so the link is never cut.
    `attachments` go with the e-mail only: built when it is first sent, then kept with it,
    so a retry sends the same bytes.
    `new_event`: the event was written in the caller's transaction, so no row can carry its
    key yet and none is looked for (one that did would still be returned).
    Returns the rows for this event, new or existing, e-mail first.
    """
    subject = " ".join(subject.split())[:255]
    wanted = [
        _values(
            channel=channel,
            address=address.strip(),
            reference=reference,
            subject=subject,
            body=(sms_body or body) if channel == Channel.SMS else body,
            user=user,
            event_key=event_key.strip(),
        )
        for channel, address in ((Channel.EMAIL, email or ""), (Channel.SMS, phone or ""))
        if address.strip()
    ]
    rows: list[Notification] = []
    new_ids: list[int] = []
    for row, created in _write(wanted, event_key.strip(), look=not new_event):
        if created and row.channel == Channel.EMAIL and attachments:
            Attachment.objects.bulk_create(
                Attachment(
                    notification=row,
                    filename=a.filename[:200],
                    content_type=a.content_type,
                    source=a.source,
                    source_args=a.args,
                )
                for a in attachments
            )
        rows.append(row)
        if created and row.status == Status.PENDING:
            new_ids.append(row.pk)
    if new_ids:
        transaction.on_commit(lambda: _deliver_later(new_ids), robust=True)
    return rows


def _deliver_later(ids: list[int]) -> None:
    from tinhso.notifications.tasks import deliver as deliver_task

    if not enqueue(deliver_task, ids):
        # No broker: make the rows due for the periodic drain now rather than after the grace.
        Notification.objects.filter(pk__in=ids, status=Status.PENDING, claimed_by="").update(
            next_attempt_at=timezone.now()
        )


def _values(
    *,
    channel: str,
    address: str,
    reference: str,
    subject: str,
    body: str,
    user: AbstractBaseUser | None,
    event_key: str,
) -> dict[str, Any]:
    """The row to write for one channel: a valid address gives a pending row, an invalid
    one a failed row saying why."""
    problem = ""
    if channel == Channel.EMAIL:
        recipient, text = address[:254], body.rstrip() + EMAIL_FOOTER
        try:
            validate_email(recipient)
        except ValidationError:
            problem = f"Địa chỉ thư điện tử không hợp lệ: {address!r}"
    else:
        text = sms_text(body)
        try:
            recipient = normalise_phone(address)
        except InvalidPhone as exc:
            recipient, problem = address[:254], str(exc)
    return {
        "channel": channel,
        "event_key": event_key,
        "recipient": recipient,
        "user": user,
        "subject": subject,
        "body": text,
        "reference": reference,
        "status": Status.FAILED if problem else Status.PENDING,
        "last_error": problem,
        "next_attempt_at": None if problem else timezone.now() + PENDING_GRACE,
    }


def _write(
    wanted: list[dict[str, Any]], event_key: str, *, look: bool
) -> list[tuple[Notification, bool]]:
    """The rows, each with whether it is new. With an event_key, a channel that has its row
    for the key already keeps it (one read for all the channels unless `look` is False, one
    INSERT for the rest)."""
    if not event_key:
        return [(row, True) for row in Notification.objects.bulk_create(_new(wanted))]
    existing: dict[str, Notification] = {}
    if look:
        existing = {
            row.channel: row
            for row in Notification.objects.filter(
                event_key=event_key, channel__in=[v["channel"] for v in wanted]
            )
        }
    missing = [v for v in wanted if v["channel"] not in existing]
    try:
        # In a savepoint: a concurrent duplicate does not break the caller's transaction …
        with transaction.atomic():
            written = Notification.objects.bulk_create(_new(missing)) if missing else []
    except IntegrityError:
        # … it is taken one channel at a time, returning the row the other transaction wrote.
        return [_get_or_create(v) for v in wanted]
    new = {row.channel: row for row in written}
    return [
        (existing[v["channel"]], False) if v["channel"] in existing else (new[v["channel"]], True)
        for v in wanted
    ]


def _new(wanted: list[dict[str, Any]]) -> list[Notification]:
    return [Notification(**values) for values in wanted]


def _get_or_create(values: dict[str, Any]) -> tuple[Notification, bool]:
    values = dict(values)
    channel, event_key = values.pop("channel"), values.pop("event_key")
    return Notification.objects.get_or_create(channel=channel, event_key=event_key, defaults=values)


def deliver_many(ids: Sequence[int], *, claimant: str = "") -> int:
    """Send the still-pending rows among `ids` (the after-commit step); returns how many went.

    A row another sender holds is left to it; a row this `claimant` (a task id) holds already
    is taken back: the same task run again after its worker was killed finishes the job."""
    now = timezone.now()
    claimant = claimant or uuid.uuid4().hex
    due = Notification.objects.filter(pk__in=list(ids), status=Status.PENDING).filter(
        Q(claimed_by="") | Q(claimed_by=claimant) | Q(next_attempt_at__lte=now)
    )
    return _send_claimed(_take(due.order_by("pk"), now, claimant))


def deliver(notification: Notification) -> bool:
    """Send one notification now and record the outcome on it; True when it was sent.

    SMTP, SMS-provider and network errors are recorded (failed, attempts + 1, last_error,
    next_attempt_at by BACKOFF) and give False; they are not raised.
    """
    try:
        message_id = _send(notification)
    except DELIVERY_ERRORS as exc:
        logger.warning(
            "Gửi thông báo #%s (%s) không thành công: %s",
            notification.pk,
            notification.channel,
            exc,
        )
        _record_failure(notification, exc)
        return False
    notification.status = Status.SENT
    notification.attempts += 1
    notification.sent_at = timezone.now()
    notification.provider_message_id = (message_id or "")[:200]
    notification.last_error = ""
    notification.next_attempt_at = None
    notification.claimed_by = ""
    notification.save(
        update_fields=[
            "status",
            "attempts",
            "sent_at",
            "provider_message_id",
            "last_error",
            "next_attempt_at",
            "claimed_by",
        ]
    )
    return True


def retry_due(now: datetime | None = None) -> int:
    """Resend failed rows whose next_attempt_at has passed and that have had fewer than
    MAX_ATTEMPTS attempts (and pending rows stranded past PENDING_GRACE); returns how many
    were sent."""
    now = now or timezone.now()
    due = Notification.objects.filter(
        status__in=[Status.FAILED, Status.PENDING],
        next_attempt_at__lte=now,
        attempts__lt=MAX_ATTEMPTS,
    ).order_by("next_attempt_at", "pk")
    sent = 0
    while taken := _take(due, now, uuid.uuid4().hex):
        sent += _send_claimed(taken)
        if len(taken) < MAX_PER_RUN:
            break
    return sent


def _take(due: Any, now: datetime, claimant: str) -> list[int]:
    values = {"next_attempt_at": now + CLAIM_LEASE, "claimed_by": claimant}
    return claim(due, values=values, limit=MAX_PER_RUN)


def _send_claimed(ids: list[int]) -> int:
    sent = 0
    for notification in Notification.objects.filter(pk__in=ids).order_by("pk"):
        sent += _deliver_safely(notification)
    return sent


def resend(notifications: Iterable[Notification]) -> tuple[int, int]:
    """Send the given unsent notifications again now, whatever their attempts (staff asked).

    Rows already sent are left alone. Returns (sent, not sent).
    """
    sent = failed = 0
    now = timezone.now()
    for notification in notifications:
        if notification.status == Status.SENT or not _claim(notification, now):
            continue
        notification.refresh_from_db()
        if _deliver_safely(notification):
            sent += 1
        else:
            failed += 1
    return sent, failed


def next_attempt_after(attempts: int, now: datetime) -> datetime | None:
    """When to try again after `attempts` failed attempts; None once MAX_ATTEMPTS is reached."""
    return BACKOFF.next_attempt(attempts, now)


def _send(notification: Notification) -> str:
    if notification.channel == Channel.EMAIL:
        return _send_email(notification)
    if notification.channel == Channel.SMS:
        phone = normalise_phone(notification.recipient)
        return gateway().send(phone, sms_text(notification.body))
    raise ValueError(f"unknown channel {notification.channel!r}")


def _send_email(notification: Notification) -> str:
    connection = None
    if settings.EMAIL_BACKEND == SMTP_BACKEND and not getattr(settings, "EMAIL_TIMEOUT", None):
        connection = get_connection(timeout=DEFAULT_EMAIL_TIMEOUT)
    message = EmailMessage(
        notification.subject or f"Thông báo về hồ sơ {notification.reference}",
        notification.body,
        settings.DEFAULT_FROM_EMAIL,
        [notification.recipient],
        connection=connection,
    )
    for attachment in notification.attachments.all():
        content = _attachment_content(attachment)
        if content is not None:
            message.attach(attachment.filename, content, attachment.content_type)
    count = message.send(fail_silently=False)
    if count == 0:
        raise EmailNotAccepted("Máy chủ thư không nhận thư.")
    return ""


def _attachment_content(attachment: Attachment) -> bytes | None:
    """The file's bytes, built once by its source and kept. A file that cannot be built is
    logged and left out: the message itself still goes (the applicant can download the form
    from Hồ sơ của tôi)."""
    if attachment.content is not None:
        return bytes(attachment.content)
    if not attachment.source.startswith("tinhso."):
        logger.error("Tệp đính kèm #%s: nguồn không hợp lệ %r", attachment.pk, attachment.source)
        return None
    try:
        content = import_string(attachment.source)(**attachment.source_args)
    except Exception:
        logger.exception("Không tạo được tệp đính kèm #%s (%s)", attachment.pk, attachment.filename)
        return None
    if content is None:
        return None
    attachment.content = content
    attachment.save(update_fields=["content"])
    return bytes(content)


def _claim(notification: Notification, now: datetime) -> bool:
    """Take the row for this run unless another run changed it since it was read."""
    unchanged = Notification.objects.filter(
        pk=notification.pk,
        status=notification.status,
        attempts=notification.attempts,
        next_attempt_at=notification.next_attempt_at,
    )
    return bool(_take(unchanged, now, uuid.uuid4().hex))


def _deliver_safely(notification: Notification) -> bool:
    """deliver(), and an unexpected error (a bug, a misconfiguration) is logged and recorded
    rather than raised: the request that caused the message has already succeeded."""
    try:
        return deliver(notification)
    except Exception as exc:
        logger.exception("Lỗi không lường trước khi gửi thông báo #%s", notification.pk)
        try:
            _record_failure(notification, exc)
        except Exception:
            logger.exception("Không ghi được lỗi gửi thông báo #%s", notification.pk)
        return False


def _record_failure(notification: Notification, exc: BaseException) -> None:
    now = timezone.now()
    notification.status = Status.FAILED
    notification.attempts += 1
    notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    # A number that is not a mobile number will not become one by waiting.
    permanent = isinstance(exc, InvalidPhone)
    notification.next_attempt_at = (
        None if permanent else next_attempt_after(notification.attempts, now)
    )
    notification.claimed_by = ""
    notification.save(
        update_fields=["status", "attempts", "last_error", "next_attempt_at", "claimed_by"]
    )
