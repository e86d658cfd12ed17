"""Listening to dossier status changes (tinhso.dossiers.signals.dossier_changed)."""

import logging
from typing import Any

from django.db import transaction

from tinhso.dossiers.constants import Channel
from tinhso.dossiers.models import Dossier
from tinhso.nationalportal import outbox

logger = logging.getLogger(__name__)


def on_dossier_changed(
    sender: Any, *, dossier: Dossier, action: str, note: str = "", **kwargs: Any
) -> None:
    """Queue a status update for the national portal when one of its dossiers changes.

    Runs inside the officer's transaction, in a savepoint: whatever goes wrong here is logged
    and never undoes or blocks the officer's action.
    """
    if dossier.channel != Channel.NATIONAL_PORTAL:
        return
    try:
        with transaction.atomic():
            outbox.queue_status(dossier, action=action, note=note or "")
    except Exception:
        logger.exception(
            "Không xếp được tin trạng thái gửi Cổng DVCQG cho hồ sơ %s (%s)", dossier.code, action
        )
