"""The JSON the national portal sends and what we answer (docs/national-portal.md).

Shape errors (a missing field, a string where a number belongs) are reported in Vietnamese
by the wrap validator below; rules that need the catalogue are checked in services.py.
"""

from typing import Any

from ninja import Schema
from pydantic import AwareDatetime, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from tinhso.api_common import MAX_AMOUNT, NUL_MESSAGE, ErrorOut, InputSchema

_VI = {
    "missing": "là bắt buộc",
    "string_type": "phải là chuỗi ký tự",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_too_short": "không được để trống",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "dict_type": "phải là một đối tượng JSON",
    "model_type": "phải là một đối tượng JSON",
    "model_attributes_type": "phải là một đối tượng JSON",
    "list_type": "phải là một danh sách",
    "too_long": "có quá nhiều phần tử (tối đa {max_length})",
    "too_short": "phải có ít nhất {min_length} phần tử",
    "datetime_type": "phải là thời điểm ISO 8601, ví dụ 2026-11-20T08:15:00+07:00",
    "datetime_parsing": "phải là thời điểm ISO 8601, ví dụ 2026-11-20T08:15:00+07:00",
    "datetime_from_date_parsing": "phải là thời điểm ISO 8601, ví dụ 2026-11-20T08:15:00+07:00",
    "timezone_aware": "phải ghi rõ múi giờ, ví dụ +07:00",
    "extra_forbidden": "không thuộc định dạng hồ sơ",
    "null_character": NUL_MESSAGE,
}


def _vietnamese(error: ErrorDetails) -> str:
    template = _VI.get(error["type"], "không hợp lệ")
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return template


class _VietnameseErrors(InputSchema):
    @model_validator(mode="wrap")
    @classmethod
    def _in_vietnamese(cls, data: Any, handler: Any) -> Any:
        try:
            return handler(data)
        except ValidationError as exc:
            details = [
                InitErrorDetails(
                    type=PydanticCustomError("vi", _vietnamese(e)),
                    loc=e["loc"],
                    input=e.get("input"),
                )
                for e in exc.errors()
            ]
            raise ValidationError.from_exception_data(exc.title, details) from None


class PortalApplicantIn(InputSchema):
    name: str = Field(min_length=1, max_length=200, description="họ và tên, hoặc tên tổ chức")
    cccd: str = Field("", max_length=20, description="số CCCD/định danh cá nhân (12 chữ số)")
    tax_code: str = Field("", max_length=20, description="mã số thuế của tổ chức")
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)
    identity_account_id: str = Field(
        "", max_length=100, description="tài khoản định danh điện tử (VNeID) đã xác thực, nếu có"
    )


class PortalFileIn(InputSchema):
    name: str = Field(min_length=1, max_length=255, description="tên tệp, có phần mở rộng")
    content_base64: str = Field(description="nội dung tệp mã hóa base64 (RFC 4648)")


class PortalComponentIn(InputSchema):
    order: int = Field(
        ge=1,
        le=1000,
        description="thứ tự thành phần hồ sơ trong thủ tục, như danh sách components của "
        "/api/v1/procedures/{code} (bắt đầu từ 1)",
    )
    name: str = Field("", max_length=500, description="tên giấy tờ (để đối chiếu, không bắt buộc)")
    files: list[PortalFileIn] = Field(min_length=1, max_length=20)


class PortalFeeIn(InputSchema):
    name: str = Field(max_length=500)
    amount: int = Field(ge=0, le=MAX_AMOUNT, description="số tiền đã nộp, đồng")
    transaction_id: str = Field("", max_length=100, description="mã giao dịch thanh toán")
    paid_at: AwareDatetime | None = None


class PortalDossierIn(_VietnameseErrors):
    external_id: str = Field(
        min_length=1, max_length=64, description="mã hồ sơ trên Cổng Dịch vụ công quốc gia"
    )
    procedure_code: str = Field(max_length=20, description="mã thủ tục hành chính, ví dụ 1.001193")
    receiving_agency: str = Field(
        max_length=13, description="mã định danh cơ quan tiếp nhận (QĐ 20/2020/QĐ-TTg)"
    )
    competent_agency: str = Field(
        "",
        max_length=13,
        description="mã cơ quan giải quyết, khi nơi tiếp nhận là Trung tâm Phục vụ hành chính "
        "công và thủ tục có nhiều cơ quan có thẩm quyền",
    )
    submitted_at: AwareDatetime = Field(description="thời điểm nộp trên Cổng, ISO 8601 có múi giờ")
    applicant: PortalApplicantIn
    delivery_mode: str = Field(
        "counter", max_length=12, description="counter, postal hoặc electronic"
    )
    postal_address: str = Field("", max_length=300)
    eform: dict[str, Any] = Field(default_factory=dict, description="dữ liệu biểu mẫu điện tử")
    components: list[PortalComponentIn] = Field(default_factory=list, max_length=50)
    fees: list[PortalFeeIn] = Field(default_factory=list, max_length=20)


class PortalAcceptedOut(Schema):
    external_id: str
    dossier_code: str = Field(description="mã hồ sơ của tỉnh (dùng để tra cứu)")
    status: str
    status_label: str
    created: bool = Field(description="false khi hồ sơ này đã được nhận trước đó")
    tracking_url: str


# Kept for the intake checks, which name the applicant's shape.
ApplicantIn = PortalApplicantIn

__all__ = ["ApplicantIn", "ErrorOut", "PortalAcceptedOut", "PortalDossierIn"]
