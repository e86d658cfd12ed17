"""Where an issued receipt is published: an e-receipt provider (VNPT, Viettel, MISA … connected
to the tax authority under Nghị định 123/2020/NĐ-CP as amended by Nghị định 70/2025/NĐ-CP) or,
until one is contracted, the local backend. Chosen by settings.RECEIPT_PROVIDER (a dotted path);
no backend here talks to the network."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from tinhso.payments.models import Receipt

DEFAULT_PROVIDER = "tinhso.payments.receipt_providers.LocalReceiptBackend"


class ReceiptProvider(Protocol):
    def publish(self, receipt: Receipt) -> str:
        """Hand the receipt over; returns the provider's reference for it."""
        ...


class LocalReceiptBackend:
    """Keeps the receipt in our own database and storage (its PDF is already stored): the
    reference is the series symbol and number, which is unique."""

    def publish(self, receipt: Receipt) -> str:
        return (
            f"LOCAL-{receipt.series.template_symbol}-{receipt.series.symbol}-{receipt.number_text}"
        )


def receipt_provider() -> ReceiptProvider:
    path = getattr(settings, "RECEIPT_PROVIDER", "") or DEFAULT_PROVIDER
    provider: ReceiptProvider = import_string(path)()
    return provider
