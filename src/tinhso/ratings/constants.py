from django.db import models


class Satisfaction(models.TextChoices):
    """The three levels a citizen or business gives the handling of their dossier.

    The levels used by the satisfaction group ("mức độ hài lòng") of the Bộ chỉ số phục vụ
    người dân, doanh nghiệp (Quyết định 766/QĐ-TTg ngày 23/6/2022), which the national portal
    computes from the dossiers it receives; see tinhso.ratings.services for the legal basis.
    """

    VERY_SATISFIED = "very_satisfied", "Rất hài lòng"
    SATISFIED = "satisfied", "Hài lòng"
    DISSATISFIED = "dissatisfied", "Không hài lòng"


COMMENT_MAX_LENGTH = 2000
