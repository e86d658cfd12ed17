"""What needs the applicant's attention (the timeline's rules: tinhso.dossiers.timeline)."""

from django.db import models

PAGE_SIZE = 20


class Attention(models.TextChoices):
    """Badges on the list: what the applicant should do or look at."""

    SUPPLEMENT = "supplement", "Chờ ông/bà bổ sung"
    RESULT = "result", "Có kết quả"
    RATE = "rate", "Mời đánh giá"
