"""Fixtures for work files: the e-office `office` (Sở Tư pháp with its Văn phòng and
Phòng XDKTVB, Sở Xây dựng, UBND tỉnh) and helpers to open files and documents."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tinhso.documents.kinds import Channel, Direction
from tinhso.documents.models import Document, DocumentState
from tinhso.documents.tests.conftest import PASSWORD, office  # noqa: F401  (fixture by name)
from tinhso.workfiles import services

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=VN)  # a working Monday
__all__ = ["MONDAY", "PASSWORD", "VN", "document", "open_file"]


def document(
    office: Any,  # noqa: F811
    direction: str = Direction.INCOMING,
    **extra: Any,
) -> Document:
    values: dict[str, Any] = {
        "direction": direction,
        "agency": office.stp,
        "state": DocumentState.REGISTERED
        if direction == Direction.INCOMING
        else DocumentState.DRAFT,
        "channel": Channel.PAPER if direction == Direction.INCOMING else Channel.DRAFTED,
        "doc_type": "CV",
        "subject": "Về việc góp ý dự thảo quyết định",
        "organ_name": office.sxd.name,
    }
    values.update(extra)
    return Document.objects.create(**values)


def open_file(
    office: Any,  # noqa: F811
    **extra: Any,
) -> Any:
    """A file of Phòng XDKTVB: the head opens it, the specialist is in charge, 10 working
    days from Monday 02/03/2026 09:00."""
    values: dict[str, Any] = {
        "user": office.head,
        "agency": office.stp,
        "title": "Thẩm định dự thảo quyết định về quản lý văn bản",
        "deadline_days": 10,
        "department": office.legal_dept,
        "in_charge": office.specialist,
        "now": MONDAY,
    }
    values.update(extra)
    return services.create_work_file(**values)


@pytest.fixture
def wf(office: Any) -> Any:  # noqa: F811
    return open_file(office)
