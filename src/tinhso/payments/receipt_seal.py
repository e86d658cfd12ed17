"""The collecting agency's digital seal on each receipt (biên lai điện tử), applied by the system.

A receipt is issued the moment a payment is confirmed — most often by the provider's IPN, with no
officer involved — so nobody is there to sign it. The seal of the collecting agency (the agency
whose series the receipt belongs to, its name printed at the top) is applied on behalf of the
agency by the system through `signatures.system_seal.seal_by_system`: no personal signer, the
agency and the reason "Biên lai tự động" on the evidence, audited. The PDF carries the empty
field ChuKyVanThu over "Đại diện tổ chức thu" (receipts.receipt_pdf), which the seal fills.

States: a receipt is issued unsealed; `seal_receipt` runs after the issue commits (the HSM may
be slow, and a failure must not undo the confirmation of the money) and makes it sealed. A seal
that fails (HSM down, no certificate, a refusal) leaves the receipt issued, with the attempt
count, the message and the time of the next try (BACKOFF); `retry_unsealed` (run by
`manage.py payments_reconcile` and `manage.py payments_seal_receipts`) tries again — a receipt
is never lost, only late. Only the sealed PDF is handed out (download, e-mail).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.payments.models import Receipt

logger = logging.getLogger(__name__)

SEAL_REASON = "Biên lai tự động"
# wait before the next try after the n-th failure (the last step repeats)
BACKOFF = (
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)


def seal_provider() -> str:
    """The HSM provider of the agency seals (RECEIPT_SEAL_PROVIDER, else RESULT_SEAL_PROVIDER)."""
    return str(getattr(settings, "RECEIPT_SEAL_PROVIDER", "") or settings.RESULT_SEAL_PROVIDER)


def backoff(attempts: int) -> timedelta:
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


@dataclass(frozen=True)
class SealRound:
    sealed: int
    failed: int


def seal_receipt(receipt_id: int, now: datetime | None = None) -> bool:
    """Seal one receipt (True when it is sealed, already or now); a failure is recorded on
    the receipt for the retry, never raised."""
    from tinhso.signatures.appearance import Appearance
    from tinhso.signatures.selectors import evidence_over
    from tinhso.signatures.system_seal import SystemSealRequest, seal_by_system

    receipt = Receipt.objects.select_related("series__agency").filter(pk=receipt_id).first()
    if receipt is None:
        return False
    if receipt.is_sealed:
        return True
    if not receipt.pdf:
        return _failed(receipt, "Biên lai chưa có bản PDF.", now)
    with receipt.pdf.open("rb") as handle:
        issued = handle.read()
    # A seal made by an earlier run that stopped before storing it is adopted, not redone.
    earlier = evidence_over(hashlib.sha256(issued).hexdigest())
    if earlier is not None and earlier.signed_pdf:
        return _sealed(receipt, bytes(earlier.signed_pdf), earlier.code)
    series = receipt.series
    outcome = seal_by_system(
        SystemSealRequest(
            pdf=issued,
            agency_id=series.agency_id,
            reason=f"{SEAL_REASON} – {series.symbol} số {receipt.number_text}",
            appearance=Appearance(text=f"Biên lai {series.symbol} số {receipt.number_text}"),
        ),
        seal_provider(),
    )
    if outcome.status != "signed" or outcome.pdf is None:
        return _failed(receipt, outcome.message or "Đóng dấu số không thành công.", now)
    return _sealed(receipt, outcome.pdf, outcome.evidence_code)


def seal_receipt_safely(receipt_id: int, now: datetime | None = None) -> bool:
    """The issue's after-commit hook: whatever goes wrong is logged and left to the retry."""
    try:
        return seal_receipt(receipt_id, now)
    except Exception as exc:
        logger.exception("Chưa đóng dấu số được biên lai #%s.", receipt_id)
        receipt = Receipt.objects.filter(pk=receipt_id).first()
        if receipt is not None:
            _failed(receipt, f"Lỗi hệ thống khi đóng dấu số ({type(exc).__name__}).", now)
        return False


def retry_unsealed(now: datetime | None = None) -> SealRound:
    """Seal the receipts still unsealed whose next try is due (or never tried)."""
    now = now or timezone.now()
    due = (
        Receipt.objects.filter(sealed_at__isnull=True)
        .exclude(seal_next_at__gt=now)
        .order_by("issued_at", "pk")
        .values_list("pk", flat=True)
    )
    sealed = failed = 0
    for pk in list(due):
        if seal_receipt_safely(pk, now):
            sealed += 1
        else:
            failed += 1
    return SealRound(sealed, failed)


def _sealed(receipt: Receipt, signed: bytes, code: str) -> bool:
    from tinhso.payments.receipts import send_receipt

    with transaction.atomic():
        locked = (
            Receipt.objects.select_for_update(of=("self",))
            .select_related("series")
            .get(pk=receipt.pk)
        )
        if locked.is_sealed:
            return True
        name = f"bien-lai-{locked.number_text}-da-ky-so.pdf"
        locked.sealed_pdf.save(name, ContentFile(signed), save=False)
        locked.seal_code = code[:20]
        locked.sealed_at = timezone.now()
        locked.seal_error = ""
        locked.seal_next_at = None
        locked.save(
            update_fields=["sealed_pdf", "seal_code", "sealed_at", "seal_error", "seal_next_at"]
        )
        audit_record(
            actor=None,
            action="payment.receipt_sealed",
            target=locked,
            summary=(
                f"Đóng dấu số tự động biên lai {locked.series.symbol} số {locked.number_text} "
                f"({SEAL_REASON}), mã xác thực {locked.seal_code}"
            ),
            changes={"evidence": locked.seal_code, "attempts_failed": locked.seal_attempts},
        )
        send_receipt(locked)
    return True


def _failed(receipt: Receipt, message: str, now: datetime | None) -> bool:
    now = now or timezone.now()
    with transaction.atomic():
        locked = Receipt.objects.select_for_update().get(pk=receipt.pk)
        if locked.is_sealed:  # another run sealed it meanwhile
            return True
        locked.seal_attempts += 1
        locked.seal_error = message[:300]
        locked.seal_next_at = now + backoff(locked.seal_attempts)
        locked.save(update_fields=["seal_attempts", "seal_error", "seal_next_at"])
    logger.warning(
        "Biên lai #%s chưa đóng dấu số được (lần %s): %s", receipt.pk, locked.seal_attempts, message
    )
    return False
