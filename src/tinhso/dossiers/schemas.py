"""The JSON of /api/v1/dossiers: what an officer's app sends, and what a caller reads.

Every number is bounded and every text has the model's length, so bad input is a 422 with a
Vietnamese message, never a 500. Names are unique OpenAPI components (Dossier… prefix).
"""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from tinhso.api_common import Amount, Id, InputSchema
from tinhso.dossiers import intake
from tinhso.dossiers.constants import Action, Channel


class DossierApplicantIn(InputSchema):
    name: str = Field(max_length=200, description="họ và tên, hoặc tên tổ chức")
    cccd: str = Field("", max_length=13, description="số CCCD (12 chữ số) hoặc mã số thuế")
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)


class DossierIn(InputSchema):
    procedure_code: str = Field(max_length=20, description="mã thủ tục, ví dụ 1.001232")
    receiving_agency: str | None = Field(
        None, max_length=13, description="mã định danh cơ quan tiếp nhận; mặc định: cơ quan của bạn"
    )
    competent_agency: str | None = Field(None, max_length=13)
    channel: Literal["counter", "postal"] = Field(
        "counter", description="counter (trực tiếp) hoặc postal (bưu chính)"
    )
    applicant: DossierApplicantIn
    received_components: list[Id] = Field(
        default_factory=list, max_length=100, description="id các thành phần hồ sơ đã nhận"
    )
    fee_lines: list[Id] = Field(
        default_factory=list,
        max_length=50,
        description="id các khoản phí, lệ phí áp dụng (đúng một khoản của mỗi nhóm thay thế; "
        "các khoản không điều kiện luôn được tính)",
    )
    fees_paid: Amount = 0
    fees_reason: str = Field("", max_length=300, description="lý do thu nhiều hơn số phải nộp")
    delivery_mode: str = Field("counter", max_length=12)
    postal_address: str = Field("", max_length=300)
    receive: bool = True

    @field_validator("channel", mode="before")
    @classmethod
    def _officer_channel(cls, value: Any) -> Any:
        if (
            isinstance(value, str)
            and value in Channel.values
            and value not in intake.OFFICER_CHANNELS
        ):
            raise PydanticCustomError("channel_not_officer", intake.CHANNEL_REFUSED)
        return value


class DossierStepOut(Schema):
    order: int
    name: str
    agency: str
    role: str
    state: str
    started_at: datetime
    due_at: datetime
    finished_at: datetime | None
    timeliness: str


class DossierEventOut(Schema):
    at: datetime
    action: str = Field(description="hành động; với người nộp, in_progress là chuyển xử lý nội bộ")
    label: str
    actor: str = Field(
        description="cán bộ thực hiện; với người nộp hồ sơ: cơ quan, không nêu tên cán bộ"
    )
    from_status: str
    to_status: str
    note: str = Field(description="ghi chú; người nộp chỉ đọc những ghi chú gửi cho họ")


class DossierApplicantOut(Schema):
    """CCCD, phone, e-mail and address are null for a reader who may not see personal data
    (Nghị định 13/2023/NĐ-CP): the same rule as the back-office pages."""

    name: str
    cccd: str | None
    phone: str | None
    email: str | None
    address: str | None


class DossierOut(Schema):
    code: str
    status: str
    status_label: str
    procedure_code: str
    procedure_name: str
    receiving_agency: str
    competent_agency: str
    channel: str
    applicant_name: str
    applicant: DossierApplicantOut
    delivery_mode: str
    postal_address: str | None
    submitted_at: datetime
    received_at: datetime | None
    due_at: datetime | None
    legal_due_at: datetime | None
    result_ready_at: datetime | None
    returned_at: datetime | None
    extensions: int
    timeliness: str
    fees_due: int
    fees_paid: int
    steps: list[DossierStepOut]
    events: list[DossierEventOut]
    allowed_actions: list[str]


class DossierActionIn(InputSchema):
    action: Literal[tuple(Action.values)] = Field(  # type: ignore[valid-type]
        description="một hành động của quy trình (receive, forward, approve, return_result…)"
    )
    note: str = Field("", max_length=4000)
    new_due_date: date | None = Field(None, description="ngày hẹn trả mới khi gia hạn (extend)")
    components: list[Id] = Field(default_factory=list, max_length=100)
    legal_basis: str = Field(
        "", max_length=1000, description="căn cứ pháp lý khi đề xuất từ chối (propose_refusal)"
    )
