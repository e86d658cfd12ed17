"""Render the one-stop forms of Thông tư 03/2025/TT-VPCP, Phụ lục I, as A4 PDF (and the register as
XLSX).

    receipt_pdf(data: ReceiptData) -> bytes            Mẫu số 01
    supplement_pdf(data: SupplementData) -> bytes      Mẫu số 02
    refusal_pdf(data: RefusalData) -> bytes            Mẫu số 03
    apology_pdf(data: ApologyData) -> bytes            Mẫu số 04
    stop_pdf(data: StopData) -> bytes                  Mẫu số 05
    control_sheet_pdf(data: ControlSheetData) -> bytes Mẫu số 06
    register_pdf(data: RegisterData) -> bytes          Mẫu số 07 (A4 landscape)
    register_xlsx(data: RegisterData) -> bytes         Mẫu số 07 as a spreadsheet

Templates live in templates/printing/; fonts are Tinos (metric-compatible with Times New Roman)
with DejaVu Serif as fallback, found through fontconfig. Rendering never fetches anything: the only
URLs allowed are data: URIs (the QR code).
"""

from __future__ import annotations

import threading
from datetime import datetime
from functools import cache
from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import timezone

from tinhso.printing.data import (
    FORM_SOURCE,
    ApologyData,
    ControlSheetData,
    ReceiptData,
    RefusalData,
    RefusalNoticeData,
    RegisterData,
    StopData,
    SupplementData,
    WithdrawalData,
)
from tinhso.printing.xlsx import register_xlsx

__all__ = [
    "FORMS",
    "apology_pdf",
    "control_sheet_pdf",
    "html_to_pdf",
    "pdf_and_boxes",
    "qr_data_uri",
    "receipt_pdf",
    "refusal_notice_pdf",
    "refusal_pdf",
    "register_pdf",
    "register_xlsx",
    "render_html",
    "stop_pdf",
    "supplement_pdf",
    "withdrawal_pdf",
]

# Number → name of each form in Phụ lục I of Thông tư 03/2025/TT-VPCP.
FORMS = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "04": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "05": "Thông báo dừng giải quyết hồ sơ",
    "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "07": "Sổ theo dõi hồ sơ",
}

# WeasyPrint's font configuration is costly to build; build it once per process. Rendering with a
# shared FontConfiguration from several threads is not documented as safe, so serialise renders.
_render_lock = threading.Lock()


@cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _url_fetcher():
    from weasyprint.urls import URLFetcher

    # Nothing from the network or the file system: only inline data: URIs.
    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def qr_data_uri(text: str, *, scale: int = 6, border: int = 2) -> str:
    """A PNG data URI of the QR code of `text` (error correction M, black on white)."""
    if not text:
        return ""
    qr = segno.make(text, error="m", micro=False)
    return qr.png_data_uri(scale=scale, border=border, dark="#000", light="#fff")


def render_html(template: str, context: dict[str, Any]) -> str:
    """The HTML of one form (useful for previews and debugging)."""
    return render_to_string(f"printing/{template}", context)


def html_to_pdf(html: str) -> bytes:
    """A4 PDF from HTML with the official fonts (Tinos) embedded; used by every printed page."""
    return _pdf_and_pages(html)[0]


def _pdf_and_pages(html: str) -> tuple[bytes, int]:
    from weasyprint import HTML

    font_config = _font_config()
    with _render_lock:
        document = HTML(string=html, url_fetcher=_url_fetcher()).render(font_config=font_config)
        return document.write_pdf(), len(document.pages)


PageBox = tuple[int, tuple[float, float, float, float]]


def pdf_and_boxes(html: str) -> tuple[bytes, dict[str, PageBox]]:
    """The PDF and, for each element with an id, its page (0-based) and border box in PDF
    points from the bottom left of the page — where a signature field is to go."""
    from weasyprint import HTML

    font_config = _font_config()
    with _render_lock:
        document = HTML(string=html, url_fetcher=_url_fetcher()).render(font_config=font_config)
        boxes: dict[str, PageBox] = {}
        for index, page in enumerate(document.pages):
            height = page.height * 0.75  # CSS px → pt
            for name, (x1, y1, x2, y2) in page.anchors.items():
                boxes.setdefault(
                    name, (index, (x1 * 0.75, height - y2 * 0.75, x2 * 0.75, height - y1 * 0.75))
                )
        return document.write_pdf(), boxes


# Steps tried in turn so that Mẫu 01 stays on one A4 page with both signatures (forms.css).
RECEIPT_FITS = ("", "compact", "compact tight", "compact tight tighter")


def _context(form_no: str, data: Any, **extra: Any) -> dict[str, Any]:
    return {
        "form_no": form_no,
        "form_name": FORMS[form_no],
        "form_source": FORM_SOURCE,
        "data": data,
        "header": data.header,
        "generated_at": timezone.now(),
        **extra,
    }


def _render(template: str, form_no: str, data: Any, **extra: Any) -> bytes:
    return html_to_pdf(render_html(template, _context(form_no, data, **extra)))


def receipt_pdf(data: ReceiptData) -> bytes:
    """Mẫu số 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả, with the tracking QR code.

    One A4 page with the signatures of the applicant and of the receiving officer: when the
    normal layout runs over, the compact steps of RECEIPT_FITS are tried; the last one is
    kept whatever its length (a dossier of very many papers)."""
    pdf = b""
    for fit in RECEIPT_FITS:
        context = _context(
            "01",
            data,
            number=data.number,
            issued_at=data.issued_at or data.received_at,
            qr=qr_data_uri(data.tracking_url),
            fit=fit,
        )
        pdf, pages = _pdf_and_pages(render_html("receipt.html", context))
        if pages == 1:
            break
    return pdf


def supplement_pdf(data: SupplementData) -> bytes:
    """Mẫu số 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""
    return _render(
        "supplement.html",
        "02",
        data,
        number=data.number,
        issued_at=data.issued_at,
        deadline_has_time=isinstance(data.deadline, datetime),
        qr=qr_data_uri(data.tracking_url),
    )


def refusal_pdf(data: RefusalData) -> bytes:
    """Mẫu số 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    return _render("refusal.html", "03", data, number=data.number, issued_at=data.issued_at)


def apology_pdf(data: ApologyData) -> bytes:
    """Mẫu số 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết."""
    return _render("apology.html", "04", data, number=data.number, issued_at=data.issued_at)


def stop_pdf(data: StopData) -> bytes:
    """Mẫu số 05 — Thông báo dừng giải quyết hồ sơ."""
    return _render("stop.html", "05", data, number=data.number, issued_at=data.issued_at)


def _render_letter(template: str, title: str, data: Any, **extra: Any) -> bytes:
    """A letter that is not one of the numbered forms of Phụ lục I (no "Mẫu số" line)."""
    context = {
        "form_no": "",
        "form_name": title,
        "form_source": FORM_SOURCE,
        "data": data,
        "header": data.header,
        "generated_at": timezone.now(),
        **extra,
    }
    return html_to_pdf(render_html(template, context))


def refusal_notice_pdf(data: RefusalNoticeData) -> bytes:
    """Thông báo từ chối giải quyết hồ sơ (after reception; signed by the competent leader)."""
    return _render_letter(
        "refusal_notice.html",
        "Thông báo từ chối giải quyết hồ sơ",
        data,
        number=data.number,
        issued_at=data.issued_at,
    )


def withdrawal_pdf(data: WithdrawalData) -> bytes:
    """Xác nhận rút hồ sơ, for the applicant who withdrew a dossier."""
    return _render_letter(
        "withdrawal.html",
        "Xác nhận rút hồ sơ",
        data,
        number=data.number,
        issued_at=data.withdrawn_at,
    )


def control_sheet_pdf(data: ControlSheetData) -> bytes:
    """Mẫu số 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ."""
    return _render("control_sheet.html", "06", data, number="", issued_at=None)


def register_pdf(data: RegisterData) -> bytes:
    """Mẫu số 07 — Sổ theo dõi hồ sơ, A4 landscape, with a totals line."""
    return _render(
        "register.html",
        "07",
        data,
        number="",
        issued_at=data.printed_at,
        totals=data.totals(),
    )
