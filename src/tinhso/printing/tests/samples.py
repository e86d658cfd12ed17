"""Sample data for the printing tests (and for looking at the forms by hand)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tinhso.printing.data import (
    ApologyData,
    Applicant,
    ComponentLine,
    ControlSheetData,
    Extension,
    HandOver,
    Header,
    Reason,
    ReceiptData,
    RefusalData,
    RegisterData,
    RegisterRow,
    Signer,
    StopData,
    SupplementData,
    SupplementItem,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = ZoneInfo("UTC")

DOSSIER_CODE = "000.00.31.H40-261123-0007"
TRACKING_URL = "https://dichvucong.tinhso.gov.vn/tra-cuu/000.00.31.H40-261123-0007?k=Xq7r2"

HEADER = Header(
    agency_name="Trung tâm Phục vụ hành chính công tỉnh Nghệ An",
    parent_agency_name="UBND tỉnh Nghệ An",
    place="Nghệ An",
)

APPLICANT = Applicant(
    name="Nguyễn Thị Ánh",
    id_number="038190******",
    phone="0912 345 678",
    address="Số 12 đường Lê Lợi, phường Thành Vinh, tỉnh Nghệ An",
    email="anh.nguyen@example.vn",
)

# 07:05 UTC is 14:05 in Việt Nam.
RECEIVED = datetime(2026, 11, 23, 7, 5, tzinfo=UTC)
DUE = datetime(2026, 11, 30, 16, 0, tzinfo=VN)
PROCEDURE = "Cấp giấy phép xây dựng nhà ở riêng lẻ"

OFFICER = Signer(name="Trần Văn Đức", position="Phó Giám đốc", authority="KT. Giám đốc")


def receipt(**changes) -> ReceiptData:
    values = {
        "header": HEADER,
        "number": "125/TNHS",
        "dossier_code": DOSSIER_CODE,
        "procedure_name": PROCEDURE,
        "procedure_code": "1.009994",
        "applicant": APPLICANT,
        "components": [
            ComponentLine("Đơn đề nghị cấp giấy phép xây dựng", originals=1),
            ComponentLine("Giấy chứng nhận quyền sử dụng đất", copies=1, note="Bản sao chứng thực"),
            ComponentLine("Bản vẽ thiết kế xây dựng", originals=2, copies=0),
        ],
        "received_at": RECEIVED,
        "due_at": DUE,
        "delivery_mode": "Nhận trực tiếp tại Bộ phận Một cửa",
        "fees": 1234000,
        "receiving_officer": "Lê Thị Hương",
        "tracking_url": TRACKING_URL,
        "dossier_number_in_register": "0125",
        "register_book": "03/2026",
        "processing_time": "15 ngày làm việc",
        "channel": "Trực tiếp tại Bộ phận Một cửa",
    }
    values.update(changes)
    return ReceiptData(**values)


def supplement() -> SupplementData:
    return SupplementData(
        header=HEADER,
        number="18/YCBS",
        dossier_code=DOSSIER_CODE,
        procedure_name=PROCEDURE,
        applicant=APPLICANT,
        items=[
            SupplementItem(
                missing="Bản vẽ mặt bằng móng công trình",
                legal_basis="Điểm c khoản 1 Điều 46 Nghị định số 175/2024/NĐ-CP",
            ),
            SupplementItem(
                missing="Bản sao giấy tờ chứng minh quyền sử dụng đất có chứng thực",
                legal_basis="Điểm b khoản 1 Điều 46 Nghị định số 175/2024/NĐ-CP",
                guidance="Có thể nộp bản điện tử đã được chứng thực từ bản chính.",
            ),
        ],
        officer="Lê Thị Hương",
        issued_at=RECEIVED,
        deadline=date(2026, 12, 2),
        received_at=RECEIVED,
        contact_phone="0238 3 123 456",
        note="Thời gian bổ sung, hoàn thiện hồ sơ không tính vào thời gian giải quyết.",
        tracking_url=TRACKING_URL,
    )


def refusal() -> RefusalData:
    return RefusalData(
        header=HEADER,
        number="07/TCHS",
        procedure_name=PROCEDURE,
        applicant=APPLICANT,
        reasons=[
            Reason(
                "Công trình thuộc đối tượng được miễn giấy phép xây dựng",
                legal_basis="Điểm i khoản 2 Điều 89 Luật Xây dựng năm 2014 (sửa đổi năm 2020)",
            ),
        ],
        officer="Lê Thị Hương",
        issued_at=RECEIVED,
        dossier_code=DOSSIER_CODE,
        submitted_at=RECEIVED,
    )


def apology() -> ApologyData:
    return ApologyData(
        header=HEADER,
        number="31/TTPVHCC-XL",
        dossier_code=DOSSIER_CODE,
        procedure_name=PROCEDURE,
        applicant=APPLICANT,
        received_at=RECEIVED,
        original_due_at=DUE,
        reason="Cần lấy ý kiến phối hợp của Sở Xây dựng về chỉ giới đường đỏ.",
        new_due_at=datetime(2026, 12, 7, 16, 0, tzinfo=VN),
        signer=OFFICER,
        issued_at=datetime(2026, 11, 27, 9, 0, tzinfo=VN),
        extension_history=[
            Extension(
                requested_at=date(2026, 11, 27),
                previous_due_at=DUE,
                new_due_at=datetime(2026, 12, 7, 16, 0, tzinfo=VN),
                reason="Chờ ý kiến phối hợp của Sở Xây dựng",
                approved_by="Trần Văn Đức",
            )
        ],
        recipients=["Như trên", "Bộ phận Một cửa", "Lưu: VT, TTPVHCC"],
    )


def stop() -> StopData:
    return StopData(
        header=HEADER,
        number="05/TB-TTPVHCC",
        dossier_code=DOSSIER_CODE,
        procedure_name=PROCEDURE,
        applicant=APPLICANT,
        received_at=RECEIVED,
        reason="Người nộp hồ sơ đề nghị rút hồ sơ.",
        stage="Thẩm định hồ sơ tại Phòng Quản lý xây dựng",
        decision=f"Dừng giải quyết hồ sơ {DOSSIER_CODE} theo đề nghị của người nộp hồ sơ.",
        basis="Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ",
        fees_settlement="Hoàn trả lệ phí 75.000 đồng cho người nộp hồ sơ.",
        signer=OFFICER,
        issued_at=datetime(2026, 11, 26, 10, 0, tzinfo=VN),
        stopped_at=datetime(2026, 11, 26, 9, 30, tzinfo=VN),
        request="Đơn đề nghị dừng giải quyết hồ sơ của bà Nguyễn Thị Ánh ngày 25/11/2026",
        recipients=["Như trên", "Lưu: VT"],
    )


def control_sheet() -> ControlSheetData:
    return ControlSheetData(
        header=HEADER,
        dossier_code=DOSSIER_CODE,
        procedure_name=PROCEDURE,
        applicant=APPLICANT,
        received_at=RECEIVED,
        due_at=DUE,
        receipt_number="125/TNHS",
        lead_agency="Phòng Quản lý xây dựng",
        coordinating_agencies=["Sở Xây dựng"],
        hand_overs=[
            HandOver(
                from_label="Bộ phận Một cửa",
                to_label="Phòng Quản lý xây dựng",
                at=datetime(2026, 11, 23, 15, 30, tzinfo=VN),
                due_at=datetime(2026, 11, 24, 17, 0, tzinfo=VN),
                result="Trước hạn",
                from_person="Lê Thị Hương",
                to_person="Phạm Minh Quân",
            ),
            HandOver(
                from_label="Phòng Quản lý xây dựng",
                to_label="Lãnh đạo Trung tâm",
                at=datetime(2026, 11, 28, 8, 5, tzinfo=VN),
                due_at=datetime(2026, 11, 27, 17, 0, tzinfo=VN),
                result="Quá hạn",
                note="Chờ ý kiến Sở Xây dựng",
            ),
        ],
    )


def register(rows: int = 3) -> RegisterData:
    statuses = ["Đã trả kết quả", "Đang giải quyết", "Đang giải quyết"]
    return RegisterData(
        header=HEADER,
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        book_number="03/2026",
        printed_at=datetime(2026, 12, 1, 8, 0, tzinfo=VN),
        rows=[
            RegisterRow(
                number=i + 1,
                dossier_code=f"000.00.31.H40-2611{i % 28 + 1:02d}-{i + 1:04d}",
                procedure_name=PROCEDURE,
                applicant_name="Nguyễn Thị Ánh" if i == 0 else f"Hoàng Văn Đạt {i}",
                address="Phường Thành Vinh, tỉnh Nghệ An",
                phone="0912345678",
                received_at=RECEIVED,
                due_at=DUE,
                handed_to="Phòng Quản lý xây dựng",
                result_ready_at=datetime(2026, 11, 29, 10, 0, tzinfo=VN) if i == 0 else None,
                returned_at=date(2026, 11, 30) if i == 0 else None,
                status_label=statuses[i % len(statuses)],
                note="Trả qua bưu chính công ích" if i == 0 else "",
            )
            for i in range(rows)
        ],
    )
