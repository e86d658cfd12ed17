from dataclasses import dataclass

from django.db import models

from tinhso.dossiers.constants import FINAL_STATUSES


class Satisfaction(models.TextChoices):
    """The three levels a citizen or business gives the handling of their dossier.

    The levels used by the satisfaction group ("mức độ hài lòng") of the Bộ chỉ số phục vụ
    người dân, doanh nghiệp (Quyết định 766/QĐ-TTg ngày 23/6/2022), which the national portal
    computes from the dossiers it receives; see tinhso.ratings.services for the legal basis.
    Since issue 12 item 14 the level is not picked by the applicant but follows from the
    criteria (tinhso.ratings.criteria.overall_level).
    """

    VERY_SATISFIED = "very_satisfied", "Rất hài lòng"
    SATISFIED = "satisfied", "Hài lòng"
    DISSATISFIED = "dissatisfied", "Không hài lòng"


class Method(models.TextChoices):
    """How the evaluation reached the system (Nghị định 61/2018/NĐ-CP Điều 31, kept by Nghị
    định 118/2025/NĐ-CP: on the portal, by a one-time message, on a device at the counter)."""

    ACCOUNT = "account", "Trên tài khoản (Hồ sơ của tôi)"
    LINK = "link", "Qua liên kết gửi trong thư, tin nhắn"
    COUNTER = "counter", "Tại quầy (trên thiết bị của Bộ phận Một cửa)"


@dataclass(frozen=True)
class Level:
    points: int
    label: str


@dataclass(frozen=True)
class Criterion:
    code: str
    question: str
    levels: tuple[Level, Level, Level]  # best (2 points) first, worst (0) last
    basis: str


# Each criterion is one content of the evaluation of TTHC handling by the people served
# (Nghị định 61/2018/NĐ-CP Điều 30, kept as the content of the evaluation by Nghị định
# 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP: the centre "theo dõi, đánh giá mức độ hài lòng"),
# scored 2 / 1 / 0 as the index of Thông tư 01/2018/TT-VPCP scored each of them. Which
# criteria and why: docs/ratings.md.
CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "huong_dan",
        "Thông tin, hướng dẫn về thủ tục (thành phần hồ sơ, thời hạn, phí, lệ phí)",
        (
            Level(2, "Đầy đủ, dễ hiểu"),
            Level(1, "Có nhưng chưa đầy đủ"),
            Level(0, "Không được hướng dẫn"),
        ),
        "Công khai, minh bạch TTHC – Nghị định 61/2018/NĐ-CP Điều 30; Nghị định 118/2025/NĐ-CP",
    ),
    Criterion(
        "so_lan_lien_he",
        "Số lần ông/bà phải liên hệ để hoàn thiện hồ sơ",
        (
            Level(2, "Một lần, không phải bổ sung"),
            Level(1, "Hai lần"),
            Level(0, "Từ ba lần trở lên"),
        ),
        "Số lần phải liên hệ để hoàn thiện hồ sơ – Nghị định 61/2018/NĐ-CP Điều 30",
    ),
    Criterion(
        "so_co_quan",
        "Số cơ quan, đơn vị ông/bà phải đến liên hệ",
        (
            Level(2, "Chỉ Bộ phận Một cửa"),
            Level(1, "Hai nơi"),
            Level(0, "Từ ba nơi trở lên"),
        ),
        "Số cơ quan, đơn vị phải liên hệ – Nghị định 61/2018/NĐ-CP Điều 30",
    ),
    Criterion(
        "thoi_gian",
        "Thời gian nhận được kết quả hoặc văn bản trả lời so với ngày hẹn",
        (
            Level(2, "Sớm hơn ngày hẹn"),
            Level(1, "Đúng ngày hẹn"),
            Level(0, "Trễ hẹn"),
        ),
        "Tổng thời gian giải quyết so với quy định – Nghị định 61/2018/NĐ-CP Điều 30",
    ),
    Criterion(
        "thai_do",
        "Tinh thần, thái độ phục vụ của cán bộ, công chức",
        (
            Level(2, "Tận tình, chu đáo"),
            Level(1, "Bình thường"),
            Level(0, "Gây phiền hà, nhũng nhiễu"),
        ),
        "Thái độ của cán bộ, công chức – Nghị định 61/2018/NĐ-CP Điều 30",
    ),
    Criterion(
        "giai_trinh",
        "Giải thích, trả lời ý kiến của ông/bà (lý do bổ sung, từ chối, dừng nếu có)",
        (
            Level(2, "Rõ ràng, thỏa đáng"),
            Level(1, "Chưa thỏa đáng"),
            Level(0, "Không được giải thích"),
        ),
        "Tiếp thu, giải trình ý kiến, kiến nghị – Nghị định 61/2018/NĐ-CP Điều 30",
    ),
)
CRITERIA_BY_CODE = {c.code: c for c in CRITERIA}
MAX_SCORE = 2 * len(CRITERIA)

# Everyone served rates, whatever the outcome: returned, refused, withdrawn or stopped
# (issue 12 item 14; Nghị định 118/2025/NĐ-CP: the evaluation follows the handling, not only
# a favourable result).
RATEABLE_STATUSES = FINAL_STATUSES

# How long the one-time link sent at closing stays valid (docs/ratings.md).
LINK_VALID_DAYS = 30

COMMENT_MAX_LENGTH = 2000
