from django.db import models


class FieldType(models.TextChoices):
    TEXT = "text", "Chữ (một dòng)"
    TEXTAREA = "textarea", "Đoạn văn"
    DATE = "date", "Ngày (dd/mm/yyyy)"
    NUMBER = "number", "Số"
    SELECT = "select", "Chọn một trong danh sách"
    CHECKBOX = "checkbox", "Ô đánh dấu"
    CCCD = "cccd", "Số CCCD/định danh cá nhân"
    PHONE = "phone", "Số điện thoại"
    EMAIL = "email", "Thư điện tử"


class Prefill(models.TextChoices):
    """What an e-form may take from the signed-in account instead of asking again.

    E-forms fill themselves from data the state already holds; the citizen is never asked
    again for it (Nghị định 45/2020/NĐ-CP; Nghị định 42/2022/NĐ-CP Điều 11 e-form
    requirement; regulations.md §3, Chỉ thị 012/CT-UBND Đắk Lắk).
    """

    FULL_NAME = "full_name", "Họ và tên"
    CCCD = "cccd", "Số CCCD/định danh cá nhân"
    BIRTH_DATE = "birth_date", "Ngày sinh"
    PHONE = "phone", "Số điện thoại"
    EMAIL = "email", "Thư điện tử"
    ADDRESS = "address", "Địa chỉ"
    ORGANISATION_NAME = "organisation_name", "Tên tổ chức, doanh nghiệp"
    TAX_CODE = "tax_code", "Mã số thuế"


# Which field types each prefill source may feed.
PREFILL_TYPES: dict[str, set[str]] = {
    Prefill.FULL_NAME: {FieldType.TEXT},
    Prefill.CCCD: {FieldType.CCCD, FieldType.TEXT},
    Prefill.BIRTH_DATE: {FieldType.DATE},
    Prefill.PHONE: {FieldType.PHONE, FieldType.TEXT},
    Prefill.EMAIL: {FieldType.EMAIL, FieldType.TEXT},
    Prefill.ADDRESS: {FieldType.TEXT, FieldType.TEXTAREA},
    Prefill.ORGANISATION_NAME: {FieldType.TEXT},
    Prefill.TAX_CODE: {FieldType.TEXT},
}

TEXT_TYPES = frozenset({FieldType.TEXT, FieldType.TEXTAREA})
TEXT_MAX = 2000  # longest answer to any field: a page of text
