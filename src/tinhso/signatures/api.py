"""POST /api/v1/signatures/validate: check the signatures of a PDF (public, rate-limited)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from tinhso.api_common import errors
from tinhso.signatures import access, selectors, validation

router = Router(auth=None)


class SignatureVerdictOut(Schema):
    field: str = Field(description="tên ô chữ ký, ví dụ ChuKyLanhDao")
    verdict: str = Field(
        description="hợp lệ | hợp lệ nhưng tài liệu đã bị sửa sau khi ký | không hợp lệ | "
        "không xác định được người ký"
    )
    reason: str
    signer: str
    issuer: str
    serial: str = Field(description="số hiệu chứng thư số (hex)")
    signing_time: str = Field(description="thời điểm người ký khai, dd/mm/yyyy hh:mm:ss")
    timestamp: str = Field(description="thời điểm theo dấu thời gian RFC 3161; rỗng nếu không có")
    coverage: str
    long_term: bool = Field(
        description="tài liệu chứa dữ liệu kiểm tra thu hồi (CRL/OCSP) cho chữ ký này (PAdES B-LT)"
    )
    checked_at: str = Field(
        description="thời điểm kiểm tra chứng thư: theo dấu thời gian nếu có, nếu không là lúc này"
    )


class SignatureValidationOut(Schema):
    sha256: str
    size: int
    message: str = Field(description="ví dụ: Tệp không có chữ ký số.")
    trust_list_empty: bool
    issued_here: bool = Field(description="tệp trùng khớp văn bản hệ thống đã ký")
    verify_code: str = Field(description="mã xác thực của văn bản nếu do hệ thống ký")
    signatures: list[SignatureVerdictOut]


@router.post(
    "/validate",
    response={200: SignatureValidationOut, **errors(400, 413, 422, 429)},
    summary="Kiểm tra chữ ký số của một tệp PDF",
)
def validate(request: HttpRequest, file: UploadedFile = File(...)) -> SignatureValidationOut:  # noqa: B008
    verdict = access.may_validate(request)
    if not verdict.allowed:
        raise HttpError(429, access.TOO_MANY)
    if file.size is not None and file.size > settings.SIGNATURE_MAX_BYTES:
        raise HttpError(
            413, f"Tệp quá lớn: tối đa {settings.SIGNATURE_MAX_BYTES // (1024 * 1024)} MB."
        )
    data = file.read(settings.SIGNATURE_MAX_BYTES + 1)
    try:
        report = validation.validate_pdf(data)
    except validation.BadDocument as exc:
        raise HttpError(400, str(exc)) from exc
    ours = selectors.evidence_for_document(report.sha256)
    return SignatureValidationOut(
        sha256=report.sha256,
        size=report.size,
        message=report.message,
        trust_list_empty=report.trust_list_empty,
        issued_here=ours is not None,
        verify_code=selectors.printed_code(ours) if ours else "",
        signatures=[
            SignatureVerdictOut(
                field=s.field,
                verdict=s.verdict,
                reason=s.reason,
                signer=s.signer,
                issuer=s.issuer,
                serial=s.serial,
                signing_time=s.signing_time,
                timestamp=s.timestamp,
                coverage=s.coverage,
                long_term=s.ltv,
                checked_at=s.checked_at,
            )
            for s in report.signatures
        ],
    )
