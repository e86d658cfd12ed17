"""Vocabularies of personal-data protection (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15,
Nghị định 356/2025/NĐ-CP)."""

from django.db import models

# Version of the personal-data notice (accounts/_consent_notice.html) shown at sign-up; the
# consents given then or later name it. Change it whenever the notice's text changes.
NOTICE_VERSION = "2026-12"

# Luật 91/2025/QH15 Điều 19 (xử lý dữ liệu cá nhân không cần sự đồng ý): the province processes
# the data of administrative procedures because the law makes it its duty, not on consent.
LEGAL_BASIS = (
    "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 (Điều 19: xử lý dữ liệu cá nhân không cần sự "
    "đồng ý để cơ quan nhà nước thực hiện nhiệm vụ theo quy định của pháp luật) và Nghị định "
    "118/2025/NĐ-CP về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông"
)


class Purpose(models.TextChoices):
    """Optional purposes: processed only with the person's consent, which they may withdraw
    at any time (Luật 91/2025/QH15 Điều 9, Điều 12; Nghị định 356/2025/NĐ-CP: never ticked by
    default)."""

    NEWS = "news", "Nhận tin tức, thông báo chung của tỉnh qua thư điện tử, SMS"
    SURVEY = "survey", "Được mời tham gia khảo sát ý kiến về dịch vụ công"


class AccessKind(models.TextChoices):
    """How a staff member read a dossier's personal data."""

    PAGE = "page", "Trang hồ sơ"
    API = "api", "API"
    FILE = "file", "Tệp đính kèm"
    FORM = "form", "Biểu mẫu PDF"


class RequestKind(models.TextChoices):
    """Rights a data subject exercises by request (Luật 91/2025/QH15 Điều 4)."""

    ACCESS = "access", "Xem, nhận bản sao dữ liệu cá nhân"
    CORRECTION = "correction", "Chỉnh sửa dữ liệu cá nhân"
    DELETION = "deletion", "Xóa dữ liệu cá nhân"
    RESTRICTION = "restriction", "Hạn chế xử lý dữ liệu cá nhân"
    OBJECTION = "objection", "Phản đối xử lý dữ liệu cá nhân"
    WITHDRAWAL = "withdrawal", "Rút lại sự đồng ý"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Đang xem xét"
    DONE = "done", "Đã thực hiện"
    REFUSED = "refused", "Không thực hiện (có lý do)"


CLOSED_REQUEST_STATUSES = frozenset({RequestStatus.DONE, RequestStatus.REFUSED})
