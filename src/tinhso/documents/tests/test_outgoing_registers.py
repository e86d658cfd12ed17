"""Phụ lục IV registers of outgoing documents: every column in the PDF and the .xlsx."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tinhso.documents import outgoing, outgoing_dispatch, outgoing_registers, outgoing_signing
from tinhso.documents.models.outgoing import RecipientKind
from tinhso.documents.tests.outgoing_support import (  # noqa: F401  (fixtures)
    _media,
    approved_draft,
    demo_provider,
    pki,
    signing,
)

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.usefixtures("signing")
def test_outgoing_and_postal_registers_have_every_column(office):
    d = approved_draft(office)
    outgoing.recipient_add(
        office.clerk, d, RecipientKind.PAPER, name="Ông Nguyễn Văn A", address="12 Lê Lợi"
    )
    outgoing.recipient_add(office.clerk, d, RecipientKind.INTERNAL, agency_id=office.sxd.pk)
    outgoing_signing.sign(office.leader, d)
    outgoing_signing.number_and_seal(office.clerk, d)
    outgoing_dispatch.send(office.clerk, d)
    d.refresh_from_db()

    register = outgoing_registers.outgoing_register(d.book, office.clerk)
    text = _text(outgoing_registers.register_pdf(register))
    for column in outgoing_registers.OUTGOING_COLUMNS:
        assert " ".join(column.split()) in text, column
    assert (
        "01/STP-XDKTVB" in text.replace(" ", "") and "Phạm Văn Ba" in text and "Sở Xây dựng" in text
    )
    wb = load_workbook(io.BytesIO(outgoing_registers.register_xlsx(register)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[3] == outgoing_registers.OUTGOING_COLUMNS
    assert rows[5][0] == "01/STP-XDKTVB" and rows[5][3] == "Phạm Văn Ba"

    postal = outgoing_registers.postal_register(office.stp, d.issued_date.year)
    text = _text(outgoing_registers.register_pdf(postal))
    for column in outgoing_registers.POSTAL_COLUMNS:
        assert column in text, column
    assert "Ông Nguyễn Văn A, 12 Lê Lợi" in text
