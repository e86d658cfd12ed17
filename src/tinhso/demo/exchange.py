"""The demo province on the local axis simulator (issue 15).

One system serves every demo agency on the simulator of this same server (/mo-phong/
truc-lien-thong/), registered with the development settings' EXCHANGE_SYSTEM_ID and
EXCHANGE_SECRET; the demo's outgoing copies addressed to outside bodies that wait for the axis
are queued in the outbox. They leave when the periodic job runs (`manage.py exchange_run`, as
cron or Celery beat would in production) or when an operator presses "Gửi lại".
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.management import call_command

from tinhso.documents.models.outgoing import OutgoingRecipient, RecipientKind, RecipientStatus
from tinhso.exchange import outbox
from tinhso.exchange.transport.base import MessageType
from tinhso.organisation.models import Agency


def load_exchange_demo() -> int:
    """Register the demo system and queue the waiting copies; returns how many were queued."""
    if not settings.SIMULATORS_ENABLED or settings.EXCHANGE_TRANSPORT != "vdxp":
        return 0
    codes = sorted(Agency.objects.filter(is_demo=True).values_list("code", flat=True))
    if not codes or not settings.EXCHANGE_SYSTEM_ID:
        return 0
    args = ["--system-id", settings.EXCHANGE_SYSTEM_ID, "--secret", settings.EXCHANGE_SECRET]
    for code in codes:
        args += ["--organ", code]
    call_command("axis_register", *args, stdout=io.StringIO())
    waiting = OutgoingRecipient.objects.filter(
        kind=RecipientKind.EXTERNAL,
        status=RecipientStatus.EXCHANGE_WAITING,
        exchange_messages__isnull=True,
    ).select_related("document__agency")
    queued = 0
    for recipient in waiting:
        outbox.queue_document(recipient, MessageType.EDOC, send_now=False)
        queued += 1
    return queued
