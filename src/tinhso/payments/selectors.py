"""Reads of payments other contexts count with (statistics' 766 group)."""

from __future__ import annotations

from collections.abc import Iterable

from tinhso.payments.constants import PaymentState, Provider
from tinhso.payments.models import Payment


def paid_online(dossier_ids: Iterable[int]) -> set[int]:
    """Of these dossiers, those with a fee paid online and confirmed by the provider itself
    (a PAID payment through a gateway; the counter's cash, card and QR do not count). A
    payment later refunded was still paid online."""
    return set(
        Payment.objects.filter(
            dossier_id__in=list(dossier_ids),
            state__in=(PaymentState.PAID, PaymentState.REFUNDED),
        )
        .exclude(provider=Provider.COUNTER)
        .values_list("dossier_id", flat=True)
    )
