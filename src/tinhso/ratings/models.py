from django.conf import settings
from django.db import models

from tinhso.ratings.constants import Method, Satisfaction


class Rating(models.Model):
    """The applicant's evaluation of how one dossier was handled; at most one per dossier.

    The agencies and the procedure are copied from the dossier when it is rated, so that
    statistics per agency, procedure and period (`rated_at`) are one indexed query and do not
    change if the dossier's data is later corrected. Written only by
    tinhso.ratings.services; never edited.

    `criteria` holds the applicant's answer per criterion ({code: points}, constants.CRITERIA)
    and `level` the overall level derived from them (criteria.overall_level), which the
    statistics count. `applicant` is the account that rated, empty when the applicant has
    none (one-time link, counter); `recorded_by` is the officer whose screen was used at the
    counter. Ratings given before the criteria existed have empty `criteria`.
    """

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name="hồ sơ",
        on_delete=models.PROTECT,
        related_name="rating",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đánh giá",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    method = models.CharField(
        "cách đánh giá", max_length=10, choices=Method.choices, default=Method.ACCOUNT
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ ghi nhận tại quầy",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    criteria = models.JSONField("đánh giá theo tiêu chí", default=dict, blank=True)
    score = models.PositiveSmallIntegerField("điểm", null=True, blank=True)
    level = models.CharField("mức độ hài lòng", max_length=16, choices=Satisfaction.choices)
    comment = models.TextField("ý kiến", blank=True)
    receiving_agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name="nơi tiếp nhận",
        on_delete=models.PROTECT,
        related_name="+",
    )
    competent_agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name="cơ quan giải quyết",
        on_delete=models.PROTECT,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "catalogue.Procedure",
        verbose_name="thủ tục",
        on_delete=models.PROTECT,
        related_name="+",
    )
    procedure_version = models.ForeignKey(
        "catalogue.ProcedureVersion",
        verbose_name="phiên bản thủ tục",
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField("kênh nộp", max_length=20)
    rated_at = models.DateTimeField("thời điểm đánh giá")

    class Meta:
        verbose_name = "đánh giá mức độ hài lòng"
        verbose_name_plural = "đánh giá mức độ hài lòng"
        ordering = ["-rated_at"]
        indexes = [
            models.Index(fields=["competent_agency", "rated_at"], name="rating_competent_period"),
            models.Index(fields=["receiving_agency", "rated_at"], name="rating_receiving_period"),
            models.Index(fields=["procedure", "rated_at"], name="rating_procedure_period"),
            models.Index(fields=["rated_at"], name="rating_period"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.get_level_display()}"


class RatingInvitation(models.Model):
    """A one-time link to rate one closed dossier, sent by e-mail and SMS (issue 12 item 14).

    Only the SHA-256 of the random token is kept, so the table does not let anyone rate; the
    link stops working when it is used, when it expires or when the dossier is rated another
    way (tinhso.ratings.services.invitation_open)."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name="hồ sơ",
        on_delete=models.CASCADE,
        related_name="+",
    )
    token_hash = models.CharField("mã băm của liên kết", max_length=64, unique=True)
    created_at = models.DateTimeField("thời điểm gửi", auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    used_at = models.DateTimeField("đã dùng lúc", null=True, blank=True)

    class Meta:
        verbose_name = "liên kết đánh giá một lần"
        verbose_name_plural = "liên kết đánh giá một lần"

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.expires_at:%d/%m/%Y}"
