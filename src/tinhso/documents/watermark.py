"""The watermark of a printed copy (Phụ lục VI §III of Nghị định 30/2020/NĐ-CP: "đóng dấu
chìm" on copies printed from the system): the viewer's name and the time, on every page.

ReportLab is not installed; the overlay is one transparent page drawn by WeasyPrint (already
used for every printed form, with the Vietnamese fonts of tinhso.printing) and stamped on each
page with pypdf, scaled to that page's size, so a 40-page document costs one rendering.
"""

import html
import io
from datetime import datetime

from django.utils import timezone
from pypdf import PdfReader, PdfWriter, Transformation

from tinhso.printing.render import html_to_pdf

A4_WIDTH_PT = 595.28
A4_HEIGHT_PT = 841.89

_OVERLAY = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 0; }}
html, body {{ margin: 0; background: transparent; font-family: "Tinos", "Times New Roman", serif; }}
.mark {{ position: absolute; top: 120mm; left: -20mm; width: 250mm; text-align: center;
  transform: rotate(-40deg); color: rgba(160, 160, 160, 0.35); font-size: 26pt; line-height: 1.4; }}
.line {{ position: absolute; bottom: 6mm; left: 0; width: 210mm; text-align: center;
  color: rgba(90, 90, 90, 0.8); font-size: 8pt; }}
</style></head><body>
<div class="mark">{name}<br>{moment}</div>
<div class="line">Bản in của {name} lúc {moment} — không có giá trị thay bản chính</div>
</body></html>"""


def watermark_text(name: str, at: datetime | None = None) -> tuple[str, str]:
    moment = timezone.localtime(at or timezone.now()).strftime("%H:%M %d/%m/%Y")
    return name.strip() or "Người dùng", moment


def overlay_pdf(name: str, at: datetime | None = None) -> bytes:
    """One A4 page with the viewer's name and the time, transparent elsewhere."""
    who, moment = watermark_text(name, at)
    return html_to_pdf(_OVERLAY.format(name=html.escape(who), moment=html.escape(moment)))


def watermark_pdf(data: bytes, name: str, at: datetime | None = None) -> bytes:
    """`data` (a PDF) with the viewer's name and the time stamped on every page.

    Raises pypdf's errors for a file that is not a readable PDF (the caller checked the type).
    """
    stamp = PdfReader(io.BytesIO(overlay_pdf(name, at))).pages[0]
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    for page in reader.pages:
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        added = writer.add_page(page)
        transform = Transformation().scale(width / A4_WIDTH_PT, height / A4_HEIGHT_PT)
        transform = transform.translate(float(box.left), float(box.bottom))
        added.merge_transformed_page(stamp, transform, over=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
