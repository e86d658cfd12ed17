"""What an official document is: its type and abbreviation, urgency, confidentiality.

Legal basis: Nghị định 30/2020/NĐ-CP (công tác văn thư), Điều 7 (the 29 types of
administrative documents) and Phụ lục III (their abbreviations, and those of copies);
Phụ lục I §II.3 (number and symbol); Điều 4.2.c and 18.1 (urgency). Unchanged as of 2026.
"""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class DocumentType:
    code: str  # stable key stored on a Document
    name: str  # tên loại văn bản, as printed
    abbreviation: str  # chữ viết tắt (Phụ lục III); blank for công văn and thư công


# Phụ lục III, in the order of Điều 7. Công văn has no abbreviation: its symbol is the body's
# abbreviation and the drafting unit's ("05/UBND-VP", Phụ lục I §II.3.b).
DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType("NQ", "Nghị quyết", "NQ"),
    DocumentType("QD", "Quyết định", "QĐ"),
    DocumentType("CT", "Chỉ thị", "CT"),
    DocumentType("QC", "Quy chế", "QC"),
    DocumentType("QYD", "Quy định", "QyĐ"),
    DocumentType("TC", "Thông cáo", "TC"),
    DocumentType("TB", "Thông báo", "TB"),
    DocumentType("HD", "Hướng dẫn", "HD"),
    DocumentType("CTR", "Chương trình", "CTr"),
    DocumentType("KH", "Kế hoạch", "KH"),
    DocumentType("PA", "Phương án", "PA"),
    DocumentType("DEA", "Đề án", "ĐA"),
    DocumentType("DA", "Dự án", "DA"),
    DocumentType("BC", "Báo cáo", "BC"),
    DocumentType("BB", "Biên bản", "BB"),
    DocumentType("TTR", "Tờ trình", "TTr"),
    DocumentType("HOPD", "Hợp đồng", "HĐ"),
    DocumentType("CD", "Công điện", "CĐ"),
    DocumentType("BGN", "Bản ghi nhớ", "BGN"),
    DocumentType("BTT", "Bản thỏa thuận", "BTT"),
    DocumentType("GUQ", "Giấy ủy quyền", "GUQ"),
    DocumentType("GM", "Giấy mời", "GM"),
    DocumentType("GGT", "Giấy giới thiệu", "GGT"),
    DocumentType("GNP", "Giấy nghỉ phép", "GNP"),
    DocumentType("PG", "Phiếu gửi", "PG"),
    DocumentType("PC", "Phiếu chuyển", "PC"),
    DocumentType("PB", "Phiếu báo", "PB"),
    DocumentType("CV", "Công văn", ""),
    DocumentType("THC", "Thư công", ""),
)
# Copies (Phụ lục III, bản sao): sao y, trích sao, sao lục.
COPY_TYPES: tuple[DocumentType, ...] = (
    DocumentType("SY", "Bản sao y", "SY"),
    DocumentType("TRS", "Bản trích sao", "TrS"),
    DocumentType("SL", "Bản sao lục", "SL"),
)
BY_CODE: dict[str, DocumentType] = {t.code: t for t in DOCUMENT_TYPES + COPY_TYPES}
TYPE_CHOICES: list[tuple[str, str]] = [(t.code, t.name) for t in DOCUMENT_TYPES + COPY_TYPES]
CONG_VAN = "CV"


def document_type(code: str) -> DocumentType:
    try:
        return BY_CODE[code]
    except KeyError:
        raise ValueError(f"Loại văn bản không hợp lệ: {code!r}.") from None


class Direction(models.TextChoices):
    INCOMING = "in", "Văn bản đến"
    OUTGOING = "out", "Văn bản đi"


class Series(models.TextChoices):
    """Numbering series (Phụ lục I §II.3.a): one for the body's administrative documents, one
    per type for legal normative documents, one for secret documents."""

    ADMINISTRATIVE = "admin", "Văn bản hành chính"
    NORMATIVE = "normative", "Văn bản quy phạm pháp luật"
    SECRET = "secret", "Văn bản mật"


class Urgency(models.TextChoices):
    """Mức độ khẩn (Điều 4.2.c, Phụ lục I): urgent ones are registered and handed on at once."""

    NORMAL = "normal", "Thường"
    URGENT = "khan", "Khẩn"
    VERY_URGENT = "thuong_khan", "Thượng khẩn"
    FLASH = "hoa_toc", "Hỏa tốc"


URGENT_LEVELS = frozenset({Urgency.URGENT, Urgency.VERY_URGENT, Urgency.FLASH})


class Confidentiality(models.TextChoices):
    """Độ mật (Luật Bảo vệ bí mật nhà nước 2018): a confidential document is read only by the
    people named on it (tinhso.documents.access)."""

    NORMAL = "normal", "Thường"
    CONFIDENTIAL = "mat", "Mật"
    SECRET = "toi_mat", "Tối mật"
    TOP_SECRET = "tuyet_mat", "Tuyệt mật"


class Channel(models.TextChoices):
    """How a document came to us (incoming) or was created (outgoing)."""

    PAPER = "paper", "Bản giấy (quét)"
    EMAIL = "email", "Thư điện tử"
    EXCHANGE = "exchange", "Trục liên thông văn bản"
    INTERNAL = "internal", "Nội bộ hệ thống"
    DRAFTED = "drafted", "Soạn thảo trên hệ thống"


class AssignmentRole(models.TextChoices):
    """Phiếu giải quyết văn bản đến (Phụ lục IV): who leads, who co-ordinates, who is told."""

    LEAD = "lead", "Chủ trì"
    COORDINATE = "coordinate", "Phối hợp"
    INFORM = "inform", "Để biết"
