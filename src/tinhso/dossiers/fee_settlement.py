"""The money side of a dossier as other contexts report it (issue 16): what the payments
context confirmed is added to Dossier.fees_paid here, under the dossier's row lock, on the
audit record. Only tinhso.payments.services calls it, after it verified the money."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tinhso.audit.services import audit_record
from tinhso.core.money import dong
from tinhso.dossiers.models import Dossier


def fees_collected(dossier_id: int, amount: int, *, source: str, actor: Any = None) -> Dossier:
    """Add `amount` (whole đồng, > 0) to what was collected for the dossier."""
    if amount <= 0:
        raise ValueError("Số tiền đã thu phải lớn hơn 0.")
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
        before = dossier.fees_paid
        dossier.fees_paid = before + amount
        dossier.save(update_fields=["fees_paid"])
        audit_record(
            actor=actor,
            action="dossier.fees_collected",
            target=dossier,
            summary=f"Đã thu phí, lệ phí {dong(amount)} ({source})",
            changes={"fees_paid": [before, dossier.fees_paid], "source": source},
        )
    return dossier
