"""Dossiers that came from the Cổng Dịch vụ công quốc gia, and the status updates we owe it."""

import uuid

from django.db import models
from django.db.models import Q

from tinhso.nationalportal.constants import MessageState


class PortalDossier(models.Model):
    """The link national-portal dossier code ↔ our dossier, with what the portal sent.

    `external_id` is unique: the same dossier sent twice (or by two concurrent requests) makes
    one dossier. `dossier` is empty only inside the transaction that creates both.
    `payload` is the request as received, file contents replaced by their name, size and
    SHA-256 (the files themselves are the dossier's files).
    """

    external_id = models.CharField("mã hồ sơ trên Cổng DVCQG", max_length=64, unique=True)
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name="hồ sơ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    procedure_code = models.CharField("mã thủ tục", max_length=20)
    receiving_agency_code = models.CharField("mã cơ quan tiếp nhận", max_length=13)
    identity_account_id = models.CharField(
        "tài khoản định danh điện tử của người nộp", max_length=100, blank=True
    )
    submitted_at = models.DateTimeField("thời điểm nộp trên Cổng DVCQG")
    eform = models.JSONField("dữ liệu biểu mẫu điện tử", default=dict, blank=True)
    fees = models.JSONField("phí, lệ phí đã nộp", default=list, blank=True)
    payload = models.JSONField("dữ liệu nhận được (không gồm nội dung tệp)", default=dict)
    body_sha256 = models.CharField("SHA-256 của yêu cầu", max_length=64)
    received_at = models.DateTimeField("thời điểm nhận", auto_now_add=True)

    class Meta:
        verbose_name = "hồ sơ từ Cổng DVCQG"
        verbose_name_plural = "hồ sơ từ Cổng DVCQG"
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return self.external_id


class StatusMessage(models.Model):
    """One status update for the national portal: queued in the transaction of the change,
    sent after commit, retried with back-off until sent or given up.

    Messages of one dossier go out in `sequence` order: a message waits while an earlier one
    of the same dossier is unsent.
    """

    portal_dossier = models.ForeignKey(
        PortalDossier,
        verbose_name="hồ sơ từ Cổng DVCQG",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    # Every dossier is reported, whatever its channel (issue 12 item 11; Nghị định
    # 118/2025/NĐ-CP): `portal_dossier` is set only for a dossier filed on the portal.
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name="hồ sơ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sequence = models.PositiveIntegerField("số thứ tự trong hồ sơ")
    message_id = models.UUIDField("mã tin", default=uuid.uuid4, unique=True, editable=False)
    action = models.CharField("hành động", max_length=24)
    dossier_status = models.CharField("trạng thái hồ sơ", max_length=24)
    payload = models.JSONField("nội dung gửi")
    state = models.CharField(
        "tình trạng gửi", max_length=10, choices=MessageState.choices, default=MessageState.PENDING
    )
    attempts = models.PositiveSmallIntegerField("số lần đã gửi", default=0)
    last_attempt_at = models.DateTimeField("lần gửi gần nhất", null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        "mã HTTP lần gửi gần nhất", null=True, blank=True
    )
    last_error = models.TextField("lỗi lần gửi gần nhất", blank=True)
    next_attempt_at = models.DateTimeField("lần gửi tiếp theo", null=True, blank=True)
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)
    sent_at = models.DateTimeField("thời điểm gửi thành công", null=True, blank=True)

    class Meta:
        verbose_name = "tin trạng thái gửi Cổng DVCQG"
        verbose_name_plural = "tin trạng thái gửi Cổng DVCQG"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["portal_dossier", "sequence"], name="nationalportal_message_sequence"
            ),
            models.UniqueConstraint(
                fields=["dossier", "sequence"], name="nationalportal_message_dossier_sequence"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state__in=["pending", "retrying"]),
                name="nationalportal_message_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} #{self.sequence} {self.action}"

    @property
    def reference(self) -> str:
        """The portal's code of the dossier when it came from there, else our code."""
        if self.portal_dossier_id is not None and self.portal_dossier is not None:
            return self.portal_dossier.external_id
        return str(self.payload.get("dossier_code", "")) if self.payload else ""
