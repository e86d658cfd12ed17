"""/api/v1/national-portal: what the Cổng Dịch vụ công quốc gia calls (docs/national-portal.md).

Every request is signed with the shared secret (signing.py); a wrong, missing or stale
signature answers 401 before the body is read as a dossier.
"""

import hashlib
import json
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from ninja import Header, Router, Status
from ninja.errors import HttpError
from ninja.security import APIKeyHeader

from tinhso.api_common import errors
from tinhso.dossiers.tracking import tracking_url
from tinhso.nationalportal import services
from tinhso.nationalportal.schemas import PortalAcceptedOut, PortalDossierIn
from tinhso.nationalportal.signing import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    SignatureError,
    verify,
)

logger = logging.getLogger(__name__)


class PortalSignature(APIKeyHeader):
    """HMAC-SHA256 of "<X-Timestamp>.<raw body>" with the shared secret, as sha256=<hex>."""

    param_name = SIGNATURE_HEADER
    openapi_description = (
        "Chữ ký HMAC-SHA256 bằng khóa bí mật dùng chung với Cổng Dịch vụ công quốc gia. "
        f"Gửi hai tiêu đề: `{TIMESTAMP_HEADER}: <thời điểm Unix, giây>` và "
        f"`{SIGNATURE_HEADER}: sha256=<hex>`, trong đó hex = HMAC-SHA256(khóa, "
        f'"<{TIMESTAMP_HEADER}>." + thân yêu cầu nguyên văn). Yêu cầu lệch quá '
        "NATIONAL_PORTAL_REPLAY_WINDOW giây (mặc định 300) bị từ chối (401)."
    )

    def authenticate(self, request: HttpRequest, key: str | None) -> str:
        try:
            body = request.body
        except RequestDataTooBig:
            raise HttpError(
                413, "Yêu cầu quá lớn: tổng dung lượng hồ sơ vượt giới hạn máy chủ."
            ) from None
        try:
            verify(
                secret=settings.NATIONAL_PORTAL_INBOUND_SECRET,
                body=body,
                timestamp=request.headers.get(TIMESTAMP_HEADER),
                given=key,
                window=settings.NATIONAL_PORTAL_REPLAY_WINDOW,
            )
        except SignatureError as exc:
            logger.warning(
                "Từ chối yêu cầu tới %s từ %s: %s",
                request.path,
                request.META.get("REMOTE_ADDR"),
                exc,
            )
            raise HttpError(401, str(exc)) from None
        # Checked here, before django-ninja parses the body, so the answer is in Vietnamese.
        try:
            json.loads(body)
        except ValueError:
            raise HttpError(400, "Thân yêu cầu không phải JSON hợp lệ (UTF-8).") from None
        return "national-portal"


router = Router(auth=PortalSignature())


@router.post(
    "/dossiers",
    response={200: PortalAcceptedOut, 201: PortalAcceptedOut, **errors(400, 401, 413, 422)},
    summary="Nhận một hồ sơ nộp trên Cổng Dịch vụ công quốc gia",
)
def receive_dossier(
    request: HttpRequest,
    # Named `body` so that shape errors name the field as our checks do ("applicant.cccd").
    body: PortalDossierIn,
    timestamp: str = Header(
        ..., alias=TIMESTAMP_HEADER, description="thời điểm ký, Unix time (giây)"
    ),
):
    """Hồ sơ vào danh sách chờ tiếp nhận của cơ quan tiếp nhận (trạng thái `submitted`).

    201 kèm mã hồ sơ của tỉnh khi hồ sơ mới; 200 kèm cùng mã đó khi hồ sơ có `external_id`
    này đã được nhận trước (gửi lại nhiều lần vẫn chỉ có một hồ sơ); 401 khi chữ ký sai, thiếu
    hoặc quá hạn; 422 liệt kê từng trường sai. Định dạng: docs/national-portal.md.
    """
    try:
        intake = services.dossier_receive(
            body, body_sha256=hashlib.sha256(request.body).hexdigest(), request=request
        )
    except services.IntakeRejected as exc:
        return Status(
            422,
            {
                "detail": "Hồ sơ chưa hợp lệ: " + "; ".join(m for _, m in exc.errors),
                "errors": [{"field": f, "message": m} for f, m in exc.errors],
            },
        )
    dossier = intake.dossier
    return Status(
        201 if intake.created else 200,
        {
            "external_id": intake.portal_dossier.external_id,
            "dossier_code": dossier.code,
            "status": dossier.status,
            "status_label": dossier.get_status_display(),
            "created": intake.created,
            "tracking_url": tracking_url(dossier),
        },
    )
