"""Documents and PDFs for the search, watermark, access-log and archive tests."""

import io
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from pypdf import PdfWriter

from tinhso.documents.kinds import Channel, Direction
from tinhso.documents.models import Document, DocumentFile, DocumentState
from tinhso.documents.models.base import FileRole


def make_document(agency: Any, **extra: Any) -> Document:
    values: dict[str, Any] = {
        "direction": Direction.INCOMING,
        "agency": agency,
        "state": DocumentState.REGISTERED,
        "channel": Channel.PAPER,
        "doc_type": "QD",
        "subject": "Về việc kiểm tra văn bản",
        "organ_name": "Ủy ban nhân dân tỉnh",
        "issued_date": date(2026, 3, 2),
    }
    values.update(extra)
    return Document.objects.create(**values)


def blank_pdf(pages: int = 1, width: float = 595.28, height: float = 841.89) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=width, height=height)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def attach(
    document: Document, data: bytes, name: str = "van-ban.pdf", **extra: Any
) -> DocumentFile:
    row = DocumentFile(
        document=document,
        role=extra.pop("role", FileRole.MAIN),
        name=name,
        content_type="application/pdf",
        size=len(data),
        sha256="0" * 64,
        **extra,
    )
    row.file.save(name, ContentFile(data), save=False)
    row.save()
    return row
