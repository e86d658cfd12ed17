"""Signature appearance (Nghị định 30/2020/NĐ-CP Phụ lục I; QĐ 144/2025/QĐ-CTUBND Điều 13)."""

from __future__ import annotations

from dataclasses import dataclass


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
