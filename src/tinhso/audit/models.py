from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One append-only line of the audit record: who did what to which object, and when.

    Kept at least 12 months (regulations.md §10.2: log retention for level-3 systems).
    Rows are only ever inserted, through tinhso.audit.services.audit_record.
    """

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("người thực hiện (lúc ghi)", max_length=200, blank=True)
    action = models.CharField("hành động", max_length=64, db_index=True)
    object_type = models.CharField("loại đối tượng", max_length=100, blank=True)
    object_id = models.CharField("mã đối tượng", max_length=64, blank=True)
    object_repr = models.CharField("đối tượng", max_length=300, blank=True)
    summary = models.TextField("nội dung", blank=True)
    changes = models.JSONField("thay đổi", default=dict, blank=True)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)

    class Meta:
        verbose_name = "sự kiện kiểm tra"
        verbose_name_plural = "nhật ký kiểm tra"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_repr}"
