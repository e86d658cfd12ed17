"""Biên lai điện tử thu phí, lệ phí: one receipt for each confirmed payment (issue 16 item 4).

What a receipt carries. Basis: Nghị định 123/2020/NĐ-CP (hóa đơn, chứng từ), Chương IV (biên
lai), as amended by Nghị định 70/2025/NĐ-CP, guided by Thông tư 32/2025/TT-BTC. The article text
itself (Điều 32, nội dung biên lai, and its amendment) was NOT found in any source searchable here
(searched 05/12/2026: the stored pages, docs and public-code corpora; details in
docs/payments.md "Receipt fields: what is confirmed"). So:
- confirmed from the tax authority's own report form for electronic receipts (BC26/BLĐT, its
  XSL in the nhantokhai.gdt.gov.vn namespace, found in public code): a receipt type is named
  "Biên lai thu phí, lệ phí không có mệnh giá" (type 1) or "… có mệnh giá" (type 2), and each
  series is identified by its ký hiệu mẫu biên lai and ký hiệu biên lai, numbered;
- seen in public e-receipt integrations (VNPT, VIN-CA clients): ký hiệu mẫu "01BLP0-001",
  ký hiệu "<2 letters>-<yy>E" (AA-22E, BT-23E, DT-20E) — practice, not the legal text;
- unconfirmed (kept, from secondary sources): the full list of required fields — tên loại,
  ký hiệu mẫu, ký hiệu, số biên lai; tên và mã số thuế của tổ chức thu; tên loại phí, lệ phí;
  số tiền bằng số và bằng chữ; ngày lập; chữ ký số của tổ chức thu — and whether Nghị định
  70/2025 or Thông tư 32/2025 changed the symbol format (they did for invoices' forms; for
  receipts we could not read it).
The receipt prints all of these; the series' symbols are editable per series (ReceiptSeries), so
an agency registers whatever its provider and the tax authority assign.

The series belongs to the agency that decides the dossier (the tổ chức thu phí) and the year of
issue; its number is taken under the series' row lock, so two cashiers never share a number and
a rolled-back issue gives its number back. The agency's digital seal is applied by the system
after the issue commits (receipt_seal.py); the payer gets the sealed PDF.
"""

from __future__ import annotations

import logging
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.core.files import delete_on_rollback
from tinhso.core.money import amount_in_words, dong
from tinhso.core.outbox import enqueue
from tinhso.organisation.models import Agency
from tinhso.payments.constants import PaymentState
from tinhso.payments.models import Payment, Receipt, ReceiptSeries
from tinhso.payments.receipt_providers import receipt_provider

logger = logging.getLogger(__name__)


def series_for(agency: Agency, year: int) -> ReceiptSeries:
    """The agency's series of the year, opened on first use (symbol "TS-<yy>E": E = điện tử)."""
    series, _ = ReceiptSeries.objects.get_or_create(
        agency=agency, year=year, symbol=f"TS-{year % 100:02d}E"
    )
    return series


def take_receipt_number(series: ReceiptSeries) -> int:
    """The series' next number; call inside the transaction that stores the receipt."""
    with transaction.atomic():
        locked = ReceiptSeries.objects.select_for_update().get(pk=series.pk)
        locked.last_number += 1
        locked.save(update_fields=["last_number"])
    series.last_number = locked.last_number
    return locked.last_number


def issue_receipt(payment: Payment) -> Receipt | None:
    """The receipt of a PAID payment, issued once: a second call returns the first receipt.
    Not paid → None. The PDF is stored, the provider told, the payer sent it by e-mail."""
    if payment.state != PaymentState.PAID:
        return None
    with transaction.atomic():
        locked = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("dossier")
            .get(pk=payment.pk)
        )
        existing = Receipt.objects.filter(payment=locked).first()
        if existing is not None:
            return existing
        dossier = locked.dossier
        now = timezone.now()
        series = series_for(dossier.competent_agency, timezone.localtime(now).year)
        receipt = Receipt.objects.create(
            series=series,
            number=take_receipt_number(series),
            payment=locked,
            dossier=dossier,
            payer_name=locked.payer_name or dossier.applicant_name,
            lines=_lines(locked),
            amount=locked.amount,
            amount_in_words=amount_in_words(locked.amount),
            issued_at=now,
        )
        receipt.pdf.save(f"bien-lai-{receipt.number_text}.pdf", ContentFile(receipt_pdf(receipt)))
        delete_on_rollback(receipt.pdf.storage, receipt.pdf.name or "")
        receipt.provider_reference = receipt_provider().publish(receipt)[:100]
        receipt.save(update_fields=["pdf", "provider_reference"])
        audit_record(
            actor=None,
            action="payment.receipt_issued",
            target=receipt,
            summary=(
                f"Lập biên lai {series.symbol} số {receipt.number_text} cho hồ sơ {dossier.code}: "
                f"{dong(receipt.amount)}"
            ),
            changes={"payment": locked.reference, "number": receipt.number},
        )
        # The agency's seal may be slow (an HSM): applied once the issue has committed; a seal
        # that fails leaves the receipt issued and unsealed for the retry (receipt_seal.py).
        # The payer's e-mail goes with the sealed PDF.
        from tinhso.payments.tasks import seal_receipt

        transaction.on_commit(partial(enqueue, seal_receipt, receipt.pk), robust=True)
    return receipt


def issue_receipt_safely(payment: Payment) -> Receipt | None:
    """The confirmation's hook: a receipt that cannot be made now (PDF, storage) is logged and
    rolled back alone — the money stays confirmed, `manage.py payments_reconcile` issues it."""
    try:
        with transaction.atomic():
            return issue_receipt(payment)
    except Exception:
        logger.exception("Chưa lập được biên lai cho khoản thanh toán %s.", payment.reference)
        return None


def issue_missing_receipts() -> int:
    """Receipts of PAID payments that have none yet; returns how many were issued."""
    issued = 0
    for payment in Payment.objects.filter(state=PaymentState.PAID, receipt__isnull=True):
        if issue_receipt_safely(payment) is not None:
            issued += 1
    return issued


def _lines(payment: Payment) -> list[dict[str, object]]:
    """The fee lines paid (name, amount), or one line with the whole amount."""
    lines = [
        {"name": str(line.get("name") or "Phí, lệ phí"), "amount": int(line.get("amount") or 0)}
        for line in payment.lines
        if isinstance(line, dict) and line.get("amount") and not line.get("unresolved")
    ]
    if sum(int(str(line["amount"])) for line in lines) != payment.amount:
        return [{"name": "Phí, lệ phí giải quyết thủ tục hành chính", "amount": payment.amount}]
    return lines


def receipt_html(receipt: Receipt) -> str:
    series = receipt.series
    return render_to_string(
        "payments/receipt_pdf.html",
        {
            "receipt": receipt,
            "series": series,
            "agency": series.agency,
            "payment": receipt.payment,
            "dossier": receipt.dossier,
            "issued_at": timezone.localtime(receipt.issued_at),
        },
    )


# the element of receipt_pdf.html where the agency's seal goes (its signature field)
SEAL_SPOT = "o-ky-so"


def receipt_pdf(receipt: Receipt) -> bytes:
    """The issued (unsealed) PDF, with the empty signature field ChuKyVanThu over "Đại diện tổ
    chức thu" that the agency's seal fills (receipt_seal.py)."""
    from tinhso.printing.render import pdf_and_boxes
    from tinhso.signatures.providers.base import FIELD_CLERK
    from tinhso.signatures.signing import with_signature_field

    pdf, boxes = pdf_and_boxes(receipt_html(receipt))
    if SEAL_SPOT not in boxes:
        return pdf
    page, box = boxes[SEAL_SPOT]
    return with_signature_field(pdf, FIELD_CLERK, page, box)


def stored_receipt_pdf(receipt_id: int) -> bytes | None:
    """The sealed PDF (the e-mail attachment's source, read when the e-mail is sent); None
    while the receipt is not sealed."""
    receipt = Receipt.objects.filter(pk=receipt_id).first()
    if receipt is None or not receipt.is_sealed:
        return None
    with receipt.sealed_pdf.open("rb") as handle:
        return handle.read()


def send_receipt(receipt: Receipt) -> None:
    """The payer's e-mail/SMS with the sealed receipt (once: event_key per receipt)."""
    from tinhso.notifications.services import AttachmentFile, notify

    dossier = receipt.dossier
    if not (dossier.applicant_email or dossier.applicant_phone):
        return
    text = (
        f"Đã nhận {dong(receipt.amount)} phí, lệ phí của hồ sơ {dossier.code}. "
        f"Biên lai điện tử số {receipt.number_text}, ký hiệu {receipt.series.symbol}."
    )
    notify(
        reference=dossier.code,
        subject=f"Biên lai thu phí, lệ phí hồ sơ {dossier.code}",
        body=text,
        email=dossier.applicant_email,
        phone=dossier.applicant_phone,
        event_key=f"receipt:{receipt.pk}",
        attachments=[
            AttachmentFile(
                filename=f"bien-lai-{receipt.number_text}.pdf",
                source="tinhso.payments.receipts.stored_receipt_pdf",
                args={"receipt_id": receipt.pk},
            )
        ]
        if dossier.applicant_email
        else [],
    )
