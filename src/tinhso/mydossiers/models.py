from django.conf import settings
from django.db import models


class SupplementDraft(models.Model):
    """A paper the applicant has uploaded for a supplement but not yet sent.

    Kept between requests so that nothing uploaded is lost when another file of the same
    answer is refused; becomes a DossierFile (FileKind.SUPPLEMENT) when the answer is sent.
    One per component (`component` None: a paper the officer asked for that is not in the
    procedure's list).
    """

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="supplement_drafts"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey(
        "dossiers.DossierComponent",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    file = models.FileField("tệp", upload_to="bo-sung/%Y/%m/")
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    from_paper = models.PositiveBigIntegerField(
        "lấy từ kho dữ liệu (mã giấy tờ)", null=True, blank=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp bổ sung chưa gửi"
        verbose_name_plural = "tệp bổ sung chưa gửi"
        ordering = ["dossier", "uploaded_at", "id"]
        indexes = [models.Index(fields=["dossier", "owner"], name="supplement_draft_owner")]

    def __str__(self) -> str:
        return self.original_name


class FiledPaper(models.Model):
    """A dossier file already copied into the applicant's data store: filed once only."""

    dossier_file = models.OneToOneField(
        "dossiers.DossierFile", on_delete=models.CASCADE, related_name="+"
    )
    paper_id = models.PositiveBigIntegerField("mã giấy tờ trong kho dữ liệu")
    filed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "giấy tờ đã đưa vào kho dữ liệu"
        verbose_name_plural = "giấy tờ đã đưa vào kho dữ liệu"

    def __str__(self) -> str:
        return f"{self.dossier_file_id} → {self.paper_id}"
