"""The exchange's record: every message out (the transactional outbox) and in.

One table for both directions, so the operator sees one list (stuck, failed, resend) and a
document's history is one query. An outgoing row is written in the transaction of the change
that sets it off (tinhso.documents.reactions); its edXML is built and signed at the first
attempt and kept, so every retry sends the same bytes under the same message id. An incoming
row is written when a package is taken from the axis, unique by the route's id: a message
fetched twice is handled once.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q


class Direction(models.TextChoices):
    OUT = "out", "Gửi đi"
    IN = "in", "Nhận về"


class State(models.TextChoices):
    QUEUED = "queued", "Chờ gửi"
    RETRYING = "retrying", "Gửi lỗi, sẽ gửi lại"
    SENT = "sent", "Đã gửi lên trục"
    FAILED = "failed", "Lỗi, cần xử lý"  # refused by the route or by the receiver: not retried
    CANCELLED = "cancelled", "Đã hủy"
    RECEIVED = "received", "Đã nhận"
    REFUSED = "refused", "Đã từ chối (02)"  # incoming package refused with a status 02
    IGNORED = "ignored", "Bỏ qua (trùng)"
    ANSWERED = "answered", "Đã trả lời yêu cầu thu hồi"


OPEN_STATES = (State.QUEUED, State.RETRYING)


class ExchangeMessage(models.Model):
    message_id = models.UUIDField("mã tin", default=uuid.uuid4, unique=True, editable=False)
    direction = models.CharField("chiều", max_length=3, choices=Direction.choices)
    message_type = models.CharField("loại tin", max_length=12)  # transport.base.MessageType
    state = models.CharField("trạng thái", max_length=10, choices=State.choices)
    from_organ_id = models.CharField("mã định danh nơi gửi", max_length=40)
    to_organ_id = models.CharField("mã định danh nơi nhận", max_length=40)
    # DocumentId of the document the message is about (edXML 1.14 / ResponseFor)
    edxml_document_id = models.CharField("mã văn bản liên thông", max_length=120, db_index=True)
    status_code = models.CharField("mã trạng thái", max_length=2, blank=True)
    description = models.CharField("lý do, mô tả", max_length=1000, blank=True)
    # our side of it: the outgoing document and copy, or the incoming copy
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exchange_messages",
    )
    recipient = models.ForeignKey(
        "documents.OutgoingRecipient",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exchange_messages",
    )
    body = models.FileField("edXML", upload_to="exchange/%Y/%m/", blank=True)
    body_sha256 = models.CharField(max_length=64, blank=True)
    body_size = models.PositiveBigIntegerField(default=0)
    remote_id = models.CharField("mã trên trục", max_length=120, blank=True)
    route = models.CharField("đường truyền", max_length=10, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    next_attempt_at = models.DateTimeField("lần gửi tiếp theo", null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField("lần gửi gần nhất", null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    signer_subject = models.CharField("chủ thể chữ ký", max_length=300, blank=True)
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)
    done_at = models.DateTimeField("thời điểm gửi/nhận xong", null=True, blank=True)

    class Meta:
        verbose_name = "tin liên thông"
        verbose_name_plural = "tin liên thông"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state__in=["queued", "retrying"]),
                name="exchange_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "remote_id"],
                condition=Q(direction="in") & ~Q(remote_id=""),
                name="exchange_in_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.message_type} {self.edxml_document_id}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
