"""Sample packages and signers for the edXML tests and the bench (every field filled; no tests)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tinhso.exchange.edxml.model import (
    Attachment,
    Business,
    BusinessDocType,
    Code,
    EdocPackage,
    Organization,
    OtherInfo,
    Receiver,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusPackage,
    TraceHeader,
    document_id,
)
from tinhso.exchange.edxml.xmlsig import KeySigner

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def org(organ_id: str, name: str) -> Organization:
    return Organization(
        organ_id=organ_id,
        organ_name=name,
        organization_in_charge="UBND tỉnh Tây Ninh",
        organ_add="Số 1, đường Trần Hưng Đạo, phường Tân Ninh",
        email="vanthu@tayninh.gov.vn",
        telephone="0276 3822 111",
        fax="0276 3822 112",
        website="https://tayninh.gov.vn",
    )


def full_package(attachment: bytes = PDF) -> EdocPackage:
    sender = org("000.00.80.H56", "Sở Tư pháp tỉnh Tây Ninh")
    issued = date(2026, 3, 9)
    return EdocPackage(
        sender=sender,
        recipients=(
            org("000.00.00.G22", "Văn phòng Chính phủ"),
            org("000.01.80.H56", "UBND phường"),
        ),
        code=Code("15", "QĐ-STP"),
        place="Tây Ninh",
        promulgation_date=issued,
        type_code=1,
        type_name="Quyết định",
        subject="Về việc công bố thủ tục hành chính — “mới” & <sửa đổi>",
        document_id=document_id(sender.organ_id, issued, "15/QĐ-STP"),
        content="Nội dung tóm tắt\nhai dòng",
        signer=SignerInfo(
            competence="KT. GIÁM ĐỐC", position="Phó Giám đốc", full_name="Lý Văn Chủ"
        ),
        due_date=date(2026, 4, 1),
        to_places=("Như Điều 3;", "Lưu: VT, HCTP."),
        other=OtherInfo(
            priority=1,
            sphere_of_promulgation="Toàn tỉnh",
            typer_notation="NVA",
            promulgation_amount=12,
            page_amount=3,
            appendixes=("Phụ lục I", "Phụ lục II"),
        ),
        response_for=(
            ResponseFor(
                "000.00.00.G22",
                "7816/VPCP-TTĐT",
                date(2026, 2, 20),
                "000.00.00.G22,2026/02/20,7816/VPCP-TTĐT",
            ),
        ),
        steering_type=2,
        traces=(TraceHeader(sender.organ_id, datetime(2026, 3, 9, 14, 5, 7, tzinfo=VN)),),
        business=Business(
            doc_type=BusinessDocType.REPLACE,
            reason="Thay thế do sai sót",
            document_info="Quyết định 14/QĐ-STP",
            document_receiver="Văn phòng Chính phủ",
            receivers=(Receiver(1, "000.00.00.G22"), Receiver(2, "000.01.80.H56")),
            document_id="000.00.80.H56,2026/03/01,14/QĐ-STP",
            staff_info=StaffInfo(
                "Văn phòng Sở", "Đặng Thị Thư", "0912000001", "thu@tayninh.gov.vn"
            ),
            paper=1,
            replacements=(
                ReplacementInfo(
                    "000.00.80.H56,2026/03/01,14/QĐ-STP", ("000.00.00.G22", "000.01.80.H56")
                ),
            ),
        ),
        attachments=(
            Attachment("cid:a1", "application/pdf", "QD-15.pdf", attachment, "Bản chính"),
            Attachment(
                "cid:a2", "text/plain", "ghi-chu.txt", "Ghi chú tiếng Việt".encode(), "Ghi chú"
            ),
        ),
    )


def status(code: str, **kw: Any) -> StatusPackage:
    base = StatusPackage(
        response_for=ResponseFor(
            "000.00.80.H56", "15/QĐ-STP", date(2026, 3, 9), "000.00.80.H56,2026/03/09,15/QĐ-STP"
        ),
        sender=org("000.00.00.G22", "Văn phòng Chính phủ"),
        status_code=code,
        timestamp=datetime(2026, 3, 10, 8, 30, 0, tzinfo=VN),
        description="Lý do: sai địa chỉ nhận" if code in {"02", "16"} else "",
        staff=StaffInfo("Văn thư", "Nguyễn Thị Ngọc Trâm", "84912000001", "vanthu@gov.vn"),
    )
    return replace(base, **kw)


def demo_signer(ca: Any, name: str) -> KeySigner:
    issued = ca.get(name)
    return KeySigner(key=issued.key, certificates=(issued.cert, ca.ca().cert))
