"""Helpers of the incoming-document tests: a scan, a register call, a pending row."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.documents import incoming
from tinhso.documents.kinds import Channel, Direction
from tinhso.documents.models import Document, DocumentState

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def scan(name: str = "cong-van.pdf", body: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def data(**extra: Any) -> incoming.IncomingData:
    values: dict[str, Any] = {
        "doc_type": "CV",
        "subject": "Về việc góp ý dự thảo quy chế phối hợp",
        "organ_name": "Sở Xây dựng",
        "code_number": "125",
        "code_notation": "SXD-VP",
        "issued_date": datetime(2026, 12, 1).date(),
    }
    values.update(extra)
    return incoming.IncomingData(**values)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def register_scan(office: Any, moment: datetime | None = None, **extra: Any) -> Document:
    confirm = extra.pop("confirm_duplicate", False)
    return incoming.register(
        actor=office.clerk,
        agency=office.stp,
        data=data(**extra),
        channel=Channel.PAPER,
        files=[scan()],
        moment=moment or at(2026, 12, 2, 9, 0),
        confirm_duplicate=confirm,
    )


def pending(office: Any, **extra: Any) -> Document:
    values: dict[str, Any] = {
        "direction": Direction.INCOMING,
        "agency": office.stp,
        "state": DocumentState.PENDING,
        "channel": Channel.INTERNAL,
        "doc_type": "CV",
        "subject": "Về việc phối hợp kiểm tra văn bản",
        "organ_name": "Sở Xây dựng",
        "code_number": "07",
        "code_notation": "SXD-VP",
        "issued_date": datetime(2026, 12, 1).date(),
        "arrival_at": at(2026, 12, 2, 8, 0),
    }
    values.update(extra)
    return Document.objects.create(**values)
