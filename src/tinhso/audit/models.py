from django.conf import settings
from django.db import models
from django.db.models import Q


class AuditEvent(models.Model):
    """One append-only line of the audit record: who did what to which object, and when.

    Kept at least 12 months (regulations.md §10.2: log retention for level-3 systems).
    Rows are only ever inserted, through tinhso.audit.services.audit_record, then linked into
    the hash chain (tinhso.audit.chain); a database trigger refuses any other UPDATE and every
    DELETE (migration 0002), and `manage.py audit_verify` checks the chain.

    The row outlives the account that acted: `actor` has no database constraint and nothing
    happens to the row when the user is deleted (`actor_label` keeps the name), because
    setting it to NULL would change a row the chain has sealed.
    """

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
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
    # The hash chain (tinhso.audit.chain): empty until the row is linked, then never changed.
    seq = models.BigIntegerField(
        "vị trí trong chuỗi", null=True, blank=True, unique=True, editable=False
    )
    content_hash = models.CharField("mã băm nội dung", max_length=64, blank=True, editable=False)
    prev_hash = models.CharField("mã băm dòng trước", max_length=64, blank=True, editable=False)
    row_hash = models.CharField("mã băm dòng", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "sự kiện kiểm tra"
        verbose_name_plural = "nhật ký kiểm tra"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The rows still to link: found at every append without scanning the table.
            models.Index(fields=["id"], condition=Q(seq__isnull=True), name="audit_unlinked_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_repr}"
