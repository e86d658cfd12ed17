from django.db import models


class Status(models.TextChoices):
    """Dossier statuses (Nghị định 118/2025/NĐ-CP; TT 03/2025/TT-VPCP)."""

    SUBMITTED = "submitted", "Chờ tiếp nhận"
    PROCESSING = "processing", "Đang xử lý"
    AWAITING_SUPPLEMENT = "awaiting_supplement", "Chờ bổ sung hồ sơ"
    RESULT_READY = "result_ready", "Chờ trả kết quả"
    RETURNED = "returned", "Đã trả kết quả"
    REFUSED = "refused", "Từ chối"
    WITHDRAWN = "withdrawn", "Đã rút hồ sơ"
    STOPPED = "stopped", "Dừng giải quyết"


FINAL_STATUSES = frozenset({Status.RETURNED, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED})


class Action(models.TextChoices):
    SUBMIT = "submit", "Nộp hồ sơ"
    RECEIVE = "receive", "Tiếp nhận hồ sơ"
    REFUSE_RECEPTION = "refuse_reception", "Từ chối tiếp nhận"
    REQUEST_SUPPLEMENT = "request_supplement", "Yêu cầu bổ sung, hoàn thiện"
    SUPPLEMENT_RECEIVED = "supplement_received", "Nhận hồ sơ bổ sung"
    FORWARD = "forward", "Chuyển bước tiếp theo"
    SEND_BACK = "send_back", "Trả lại bước trước"
    APPROVE = "approve", "Phê duyệt kết quả"
    REFUSE = "refuse", "Từ chối giải quyết"
    EXTEND = "extend", "Gia hạn (xin lỗi, hẹn lại)"
    STOP = "stop", "Dừng giải quyết"
    WITHDRAW = "withdraw", "Rút hồ sơ"
    RETURN_RESULT = "return_result", "Trả kết quả"
    # Refusal after reception: the step holder proposes, the competent leader decides
    # (Nghị định 118/2025/NĐ-CP; docs/decisions.md).
    PROPOSE_REFUSAL = "propose_refusal", "Đề xuất từ chối giải quyết"
    REJECT_REFUSAL = "reject_refusal", "Không đồng ý từ chối, tiếp tục giải quyết"


class Channel(models.TextChoices):
    ONLINE = "online", "Trực tuyến"
    COUNTER = "counter", "Trực tiếp tại Bộ phận Một cửa"
    POSTAL = "postal", "Qua bưu chính công ích"
    NATIONAL_PORTAL = "national_portal", "Cổng Dịch vụ công quốc gia"


class Timeliness(models.TextChoices):
    """One on-time rule for pages and statistics (tinhso.workcalendar.calendar.timeliness)."""

    EARLY = "early", "Trước hạn"
    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Quá hạn"


class FileKind(models.TextChoices):
    COMPONENT = "component", "Thành phần hồ sơ"
    SCAN = "scan", "Bản quét tại quầy"
    SUPPLEMENT = "supplement", "Hồ sơ bổ sung"
    RESULT = "result", "Kết quả giải quyết"


class StepState(models.TextChoices):
    ACTIVE = "active", "Đang xử lý"
    DONE = "done", "Đã xong"
    SENT_BACK = "sent_back", "Bị trả lại"
    CLOSED = "closed", "Kết thúc khi hồ sơ dừng"


class LetterKind(models.TextChoices):
    """Numbered letters a dossier's decisions issue (tinhso.dossiers.letters; docs/letters.md).

    The value is the type abbreviation of Nghị định 30/2020/NĐ-CP Phụ lục III ("" = công văn).
    """

    REFUSAL_NOTICE = "refusal_notice", "Thông báo từ chối giải quyết hồ sơ"
    APOLOGY = "apology", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    STOP_NOTICE = "stop_notice", "Thông báo dừng giải quyết hồ sơ"
