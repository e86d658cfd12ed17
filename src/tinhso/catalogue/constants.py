import re

from django.db import models

# National code of a procedure in the Cơ sở dữ liệu quốc gia về TTHC: "1.001612", "2.000635".
PROCEDURE_CODE = re.compile(r"^\d\.\d{6}$")


class CompetentLevel(models.TextChoices):
    # Two-tier local government since 01/7/2025 (districts abolished).
    PROVINCE = "tinh", "Cấp tỉnh"
    COMMUNE = "xa", "Cấp xã"


class CompetenceBasis(models.TextChoices):
    """Which commune decides a commune-level procedure (dossiers.competence).

    Nghị định 118/2025/NĐ-CP: dossiers are received independently of administrative boundaries
    within the province; the competent body is still the one the sector law names, e.g. the
    commune of the applicant's residence for civil status (Luật Hộ tịch 2014 Điều 13), or the
    commune a declared fact points to (where the land lies, where the event took place).
    """

    RECEIVING = "tiep_nhan", "Xã, phường nơi tiếp nhận hồ sơ"
    RESIDENCE = "cu_tru", "Xã, phường nơi cư trú của người nộp hồ sơ"
    EFORM = "to_khai", "Xã, phường khai trên tờ khai (trường được chỉ định)"


class OnlineLevel(models.TextChoices):
    """Online service level, Nghị định 42/2022/NĐ-CP Điều 11."""

    FULL = "toan_trinh", "Dịch vụ công trực tuyến toàn trình"
    PARTIAL = "mot_phan", "Dịch vụ công trực tuyến một phần"
    OFFLINE = "truc_tiep", "Chỉ nộp trực tiếp hoặc qua bưu chính"


class TimeLimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "ngày làm việc"
    # Hours of office time counted from valid reception (Bộ luật Dân sự 2015 Điều 147 khoản 1);
    # "trong ngày" only when the version says so (ProcedureVersion.same_day).
    HOURS = "hours", "giờ làm việc"


class FeeKind(models.TextChoices):
    """Luật Phí và lệ phí 2015: phí (service charge) and lệ phí (state fee)."""

    PHI = "phi", "Phí"
    LE_PHI = "le_phi", "Lệ phí"


class FeeDueAt(models.TextChoices):
    """When the fee must be paid (Nghị định 42/2022/NĐ-CP Điều 11; Luật Phí và lệ phí 2015):
    the workflow refuses reception, or the return of the result, until it is paid."""

    NOT_STATED = "", "Không quy định"
    BEFORE_RECEPTION = "before_reception", "Nộp khi nộp hồ sơ (trước khi tiếp nhận)"
    BEFORE_RESULT = "before_result", "Nộp trước khi nhận kết quả"


class DeliveryMode(models.TextChoices):
    """How the result is returned (Nghị định 118/2025/NĐ-CP): counter, public post, online."""

    COUNTER = "counter", "Trực tiếp tại Bộ phận Một cửa"
    POSTAL = "postal", "Qua dịch vụ bưu chính công ích"
    ELECTRONIC = "electronic", "Trực tuyến (bản điện tử)"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    PUBLISHED = "published", "Đã công bố"


FILE_TYPES = ("pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "xml", "zip")
