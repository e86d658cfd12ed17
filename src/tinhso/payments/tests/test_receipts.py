"""Biên lai điện tử: one per confirmed payment, numbered without gaps per agency and year, a
real PDF with the fields the receipt rules require (its seal and access: test_receipt_seal.py)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures, received  # noqa: F401
from tinhso.notifications.models import Notification as Message
from tinhso.payments import receipts, services
from tinhso.payments.constants import EventKind, Outcome, PaymentState, Provider
from tinhso.payments.gateways.base import Notification
from tinhso.payments.models import Payment, Receipt, ReceiptSeries

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(received):  # noqa: F811
    type(received).objects.filter(pk=received.pk).update(
        fees_due=1_250_000, fees_paid=0, applicant_email="nguoinop@example.vn"
    )
    received.refresh_from_db()
    return received


def _paid(dossier, amount: int = 1_250_000, transaction: str = "14000001") -> Payment:
    payment = services.create_payment(dossier, provider=Provider.VNPAY)
    Payment.objects.filter(pk=payment.pk).update(amount=amount)
    found = Notification(
        reference=payment.reference,
        amount=amount,
        currency="VND",
        paid=True,
        provider_transaction=transaction,
    )
    assert services.record_notification("vnpay", found, kind=EventKind.QUERY).outcome == (
        Outcome.CONFIRMED
    )
    payment.refresh_from_db()
    return payment


def _text(receipt: Receipt) -> str:
    with receipt.pdf.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_confirmation_issues_one_receipt_with_the_required_fields(dossier):
    payment = _paid(dossier)
    receipt = payment.receipt
    assert (receipt.number, receipt.amount, receipt.dossier_id) == (1, 1_250_000, dossier.pk)
    assert receipt.amount_in_words == "Một triệu hai trăm năm mươi nghìn đồng"
    text = " ".join(_text(receipt).split())
    for field in (
        "BIÊN LAI THU PHÍ, LỆ PHÍ",
        "Ký hiệu mẫu biên lai: 01BLP0",
        f"Ký hiệu biên lai: {receipt.series.symbol}",
        "Số: 0000001",
        dossier.competent_agency.name,
        "Mã số thuế",
        "1.250.000",
        "Một triệu hai trăm năm mươi nghìn đồng",
        dossier.code,
    ):
        assert field in text, field
    assert receipt.provider_reference.startswith("LOCAL-01BLP0-")
    # sealed by the agency after the commit (test_receipt_seal.py); the payer's e-mail goes
    # with the sealed PDF, so nothing is sent yet
    assert not receipt.is_sealed
    assert not Message.objects.filter(subject__contains="Biên lai").exists()


def test_issue_is_idempotent(dossier):
    payment = _paid(dossier)
    first = payment.receipt
    assert receipts.issue_receipt(payment) == first
    assert Receipt.objects.count() == 1
    assert ReceiptSeries.objects.get().last_number == 1


def test_no_receipt_for_an_unpaid_payment(dossier):
    payment = services.create_payment(dossier, provider=Provider.VNPAY)
    assert receipts.issue_receipt(payment) is None
    assert not Receipt.objects.exists()


def test_numbers_follow_each_other_per_agency_and_year(dossier, monkeypatch):
    one = _paid(dossier, 500_000, "1")
    two = _paid(dossier, 750_000, "2")
    assert [one.receipt.number, two.receipt.number] == [1, 2]
    assert one.receipt.series_id == two.receipt.series_id
    series = one.receipt.series
    next_year = receipts.series_for(series.agency, series.year + 1)
    assert next_year.pk != series.pk and receipts.take_receipt_number(next_year) == 1
    # a rolled-back issue gives its number back: no gap
    monkeypatch.setattr(receipts, "receipt_pdf", lambda r: (_ for _ in ()).throw(OSError("x")))
    three = _paid(dossier, 1, "3")
    assert three.state == PaymentState.PAID and not Receipt.objects.filter(payment=three).exists()
    monkeypatch.undo()
    assert receipts.issue_missing_receipts() == 1
    assert Receipt.objects.get(payment=three).number == 3
