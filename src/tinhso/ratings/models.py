from django.conf import settings
from django.db import models

from tinhso.ratings.constants import Satisfaction


class Rating(models.Model):
    """The applicant's evaluation of how one dossier was handled; at most one per dossier.

    The agencies and the procedure are copied from the dossier when it is rated, so that
    statistics per agency, procedure and period (`rated_at`) are one indexed query and do not
    change if the dossier's data is later corrected. Written only by
    tinhso.ratings.services.rating_give; never edited.
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
    )
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
