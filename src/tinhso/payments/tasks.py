"""Background work of payments (Celery; run in-process when no broker is configured)."""

from __future__ import annotations

from celery import shared_task

from tinhso.payments import receipt_seal


@shared_task(name="payments.seal_receipt")
def seal_receipt(receipt_id: int) -> bool:
    """Seal a receipt just issued. The HSM may take seconds: out of the provider's callback, so
    its IPN is answered at once. A lost or failed run leaves the receipt unsealed with its next
    try, which payments_reconcile (beat) takes up; a seal is never applied twice
    (receipt_seal adopts a seal a dead run had made)."""
    return receipt_seal.seal_receipt_safely(receipt_id)
