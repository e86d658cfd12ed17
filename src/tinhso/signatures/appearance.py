"""Signature appearance (Nghị định 30/2020/NĐ-CP Phụ lục I; QĐ 144/2025/QĐ-CTUBND Điều 13,
restated in next-capabilities §2.3):

- ChuKyLanhDao, the competent person's signature: the blue handwritten-signature image in its
  cell (between the position and the name that the document itself prints);
- ChuKyCoQuan, the organisation's signature: the red seal image at real size overlapping about
  a third of the personal signature on its left;
- ChuKyVanThu, attachments in separate files and electronic copies (sao y, trích sao): top
  right of page 1, no image, "<số, ký hiệu>; <thời gian ký ISO 8601 +07:00>", Times (Tinos,
  metric-compatible) regular 10 pt, black.

Every document also gets, with its first signature, a verification QR code and short link to
/xac-thuc-van-ban/?ma=<code> (bottom left of page 1), so a receiver without signature software
still sees that it was signed. Text goes through pyHanko's OpenType engine with a TTF that has
the Vietnamese glyphs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields
from pyhanko.stamp import StaticStampStyle, TextStampStyle

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/croscore/Tinos-Regular.ttf",
    "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)
PAGE_MARGIN = 36.0  # points (12.7 mm)
CLERK_BOX = (230.0, 16.0)  # width, height of the attachment stamp
PERSON_BOX = (150.0, 70.0)
SEAL_SIZE = 100.0  # ~35 mm, a usual round seal


@dataclass(frozen=True)
class Appearance:
    """What a signature shows on the page.

    image: PNG bytes (blue signature for ChuKyLanhDao, red seal for ChuKyCoQuan, none for
    ChuKyVanThu); box: (x1, y1, x2, y2) in PDF points on `page` (0-based; -1 = last) where the
    field is created when the document has none; text: the stamp text (attachments: the
    number/symbol, the signing time is added); delegation_line: "KT. CHỦ TỊCH" etc.
    """

    image: bytes | None = None
    box: tuple[float, float, float, float] | None = None
    page: int = 0
    text: str = ""
    delegation_line: str = ""


def font_file() -> str:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return path
    raise RuntimeError("Không tìm thấy phông chữ TrueType có dấu tiếng Việt (Tinos/DejaVu).")


def _text_box(size: int = 10) -> TextBoxStyle:
    return TextBoxStyle(font=GlyphAccumulatorFactory(font_file(), font_size=size), font_size=size)


def signing_time_text(moment: datetime | None = None) -> str:
    """ISO 8601 with the Vietnam offset, to the second: 2026-12-04T10:00:00+07:00."""
    return (moment or datetime.now(VN)).astimezone(VN).isoformat(timespec="seconds")


def _image(writer: Any, png: bytes) -> PdfImage:
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    return PdfImage(image, writer=writer)


# --- fields -----------------------------------------------------------------------------------
def _page_index(handler: Any, page_ref: Any) -> int:
    count = int(handler.root["/Pages"]["/Count"])
    for ix in range(count):
        ref, _resources = handler.find_page_for_modification(ix)
        if ref == page_ref or getattr(ref, "reference", None) == getattr(page_ref, "reference", 0):
            return ix
    return 0


def field_geometry(handler: Any, name: str) -> tuple[int, tuple[float, float, float, float]] | None:
    """(page index, rectangle) of the signature field `name` in the document, if any."""
    for _name, _value, field_ref in fields.enumerate_sig_fields(handler, with_name=name):
        field = field_ref.get_object()
        widget = field
        if "/Rect" not in field and "/Kids" in field:
            widget = field["/Kids"][0].get_object()
        rect = widget.get("/Rect")
        if rect is None:
            return None
        x1, y1, x2, y2 = (float(v) for v in rect)
        page_ref = widget.raw_get("/P") if "/P" in widget else None
        page = _page_index(handler, page_ref) if page_ref is not None else 0
        return page, (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    return None


def existing_field(handler: Any, name: str) -> tuple[int, tuple[float, float, float, float]] | None:
    return field_geometry(handler, name)


def _page_size(handler: Any, page: int) -> tuple[float, float]:
    ref, _res = handler.find_page_for_modification(page)
    box = ref.get_object().get("/MediaBox") or [0, 0, 595, 842]
    return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])


def _page_count(handler: Any) -> int:
    return int(handler.root["/Pages"]["/Count"])


def default_box(
    handler: Any, field_name: str, look: Appearance | None
) -> tuple[int, tuple[int, int, int, int]]:
    """Where to create `field_name` when the document has no such field.

    The seal goes over the left third of the personal signature (Phụ lục I); attachments and
    copies top right of page 1; the personal signature bottom right of the last page unless the
    caller gives a box.
    """
    count = _page_count(handler)
    if look and look.box:
        page = look.page if look.page >= 0 else count + look.page
        return max(0, min(page, count - 1)), _ints(look.box)
    if field_name == "ChuKyCoQuan":
        person = field_geometry(handler, "ChuKyLanhDao")
        if person:
            page, (x1, y1, x2, y2) = person
            return page, _ints(seal_box_over(x1, y1, x2, y2))
    if field_name == "ChuKyVanThu":
        width, height = _page_size(handler, 0)
        w, h = CLERK_BOX
        return 0, _ints(
            (
                width - PAGE_MARGIN - w,
                height - PAGE_MARGIN - h,
                width - PAGE_MARGIN,
                height - PAGE_MARGIN,
            )
        )
    page = count - 1
    width, _height = _page_size(handler, page)
    w, h = PERSON_BOX
    x2 = width - PAGE_MARGIN - 40
    box = (x2 - w, 120.0, x2, 120.0 + h)
    if field_name == "ChuKyCoQuan":
        return page, _ints(seal_box_over(*box))
    return page, _ints(box)


def seal_box_over(x1: float, y1: float, x2: float, y2: float) -> tuple[float, float, float, float]:
    """The seal's square: its right edge a third into the personal signature, centred on it."""
    right = x1 + (x2 - x1) / 3
    cy = (y1 + y2) / 2
    return right - SEAL_SIZE, cy - SEAL_SIZE / 2, right, cy + SEAL_SIZE / 2


def _ints(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    return (round(box[0]), round(box[1]), round(box[2]), round(box[3]))


# --- styles -----------------------------------------------------------------------------------
def stamp_style(
    handler: Any, field_name: str, look: Appearance | None
) -> tuple[Any, dict[str, str]]:
    """pyHanko stamp style and text parameters for the signature in `field_name`."""
    look = look or Appearance()
    if field_name == "ChuKyVanThu":
        text = f"{look.text}; %(t)s" if look.text else "%(t)s"
        style = TextStampStyle(stamp_text=text, border_width=0, text_box_style=_text_box(10))
        return style, {"t": signing_time_text()}
    if look.image is None:
        return TextStampStyle(
            stamp_text=look.delegation_line or "Đã ký số",
            border_width=0,
            text_box_style=_text_box(10),
        ), {}
    image = _image(handler, look.image)
    if look.delegation_line:
        style = TextStampStyle(
            stamp_text=look.delegation_line,
            border_width=0,
            background=image,
            background_opacity=1.0,
            text_box_style=_text_box(9),
            inner_content_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MAX
            ),
        )
        return style, {}
    return StaticStampStyle(background=image, border_width=0, background_opacity=1.0), {}


def add_verification_qr(writer: Any, url: str, page: int = 0) -> None:
    """Draw the verification QR and short link at the bottom left of `page` (first signature)."""
    import segno

    qr = segno.make(url, error="m", micro=False)
    png = io.BytesIO()
    qr.save(png, kind="png", scale=4, border=1)
    side = 54
    image_style = StaticStampStyle(
        background=_image(writer, png.getvalue()), border_width=0, background_opacity=1.0
    )
    image_stamp = image_style.create_stamp(writer, layout.BoxConstraints(side, side), {})
    image_stamp.apply(page, int(PAGE_MARGIN) - 6, 14)
    text_style = TextStampStyle(
        stamp_text="Văn bản được ký số. Xác thực tại:\n%(url)s",
        border_width=0,
        text_box_style=_text_box(8),
    )
    text_stamp = text_style.create_stamp(writer, layout.BoxConstraints(330, 24), {"url": url})
    text_stamp.apply(page, int(PAGE_MARGIN) + side - 2, 24)
