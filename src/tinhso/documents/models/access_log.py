"""Who opened which document, when, from where (Phụ lục VI §III of Nghị định 30/2020/NĐ-CP:
the system keeps the access and view history of documents)."""

from django.conf import settings
from django.db import models

from tinhso.documents.models.base import Document, DocumentFile


class AccessAction(models.TextChoices):
    VIEW = "view", "Xem"
    DOWNLOAD = "download", "Tải về"
    PRINT = "print", "Tải bản in (có dấu chìm)"
    EXPORT = "export", "Kết xuất"


class DocumentAccess(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="accesses")
    file = models.ForeignKey(
        DocumentFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người truy cập",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user_label = models.CharField("tên người truy cập", max_length=200)
    action = models.CharField("thao tác", max_length=10, choices=AccessAction.choices)
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    user_agent = models.CharField("trình duyệt, ứng dụng", max_length=200, blank=True)
    channel = models.CharField("kênh", max_length=10, default="web")  # web | api

    class Meta:
        verbose_name = "lượt truy cập văn bản"
        verbose_name_plural = "nhật ký truy cập văn bản"
        indexes = [models.Index(fields=["document", "-at"], name="doc_access_by_document")]

    def __str__(self) -> str:
        return f"{self.user_label} {self.get_action_display()} {self.document_id}"
