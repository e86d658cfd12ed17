"""What the applicant sees of their dossier's timeline, and what needs their attention."""

from django.db import models

from tinhso.dossiers.constants import Action

PAGE_SIZE = 20

# Hand-overs between officers and agencies are internal (Nghị định 118/2025/NĐ-CP: the
# Phiếu kiểm soát quá trình giải quyết is the agencies' record); the applicant is told where
# the dossier is, not who holds it.
INTERNAL_ACTIONS = frozenset({Action.FORWARD, Action.SEND_BACK})

# Actions taken at the receiving one-stop desk (Bộ phận Một cửa).
DESK_ACTIONS = frozenset(
    {Action.SUBMIT, Action.RECEIVE, Action.REFUSE_RECEPTION, Action.RETURN_RESULT}
)

# Notes written to the applicant: the ones tinhso.dossiers.notices sends them (reasons for a
# supplement, refusal, stop or delay, Mẫu 02–05 of Thông tư 03/2025/TT-VPCP). Other notes are
# officers' working notes; the applicant's own notes are always shown to them.
NOTES_FOR_APPLICANT = frozenset(
    {
        Action.REQUEST_SUPPLEMENT,
        Action.REFUSE_RECEPTION,
        Action.REFUSE,
        Action.EXTEND,
        Action.STOP,
    }
)

# How an action reads to the applicant, where it differs from the officers' label.
APPLICANT_LABELS = {
    Action.SUBMIT: "Nộp hồ sơ",
    Action.APPROVE: "Đã có kết quả giải quyết",
    Action.SUPPLEMENT_RECEIVED: "Nộp hồ sơ bổ sung",
    Action.EXTEND: "Xin lỗi và hẹn lại ngày trả kết quả",
    Action.WITHDRAW: "Rút hồ sơ",
    Action.RETURN_RESULT: "Trả kết quả",
}


class Attention(models.TextChoices):
    """Badges on the list: what the applicant should do or look at."""

    SUPPLEMENT = "supplement", "Chờ ông/bà bổ sung"
    RESULT = "result", "Có kết quả"
    RATE = "rate", "Mời đánh giá"
