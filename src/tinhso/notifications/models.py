"""One message to a citizen (or staff member) by e-mail or SMS, and what became of it."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tinhso.notifications.constants import Channel, Status


class Notification(models.Model):
    """A message on one channel. Created by services.notify, delivered after commit.

    `event_key` makes notify idempotent: at most one row per (channel, event_key) when the key
    is not blank. `next_attempt_at` is when services.retry_due may (re)try the row: the back-off
    time after a failure, or a grace time for a pending row whose after-commit delivery never ran;
    empty once sent or given up.
    """

    channel = models.CharField("kênh", max_length=10, choices=Channel.choices)
    recipient = models.CharField("người nhận (địa chỉ, số điện thoại)", max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản người nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    subject = models.CharField("tiêu đề", max_length=255, blank=True)
    body = models.TextField("nội dung")
    reference = models.CharField("mã tham chiếu (mã hồ sơ)", max_length=100, db_index=True)
    event_key = models.CharField("khóa sự kiện", max_length=200, blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField("số lần đã gửi", default=0)
    last_error = models.TextField("lỗi lần gửi gần nhất", blank=True)
    next_attempt_at = models.DateTimeField("lần gửi lại tiếp theo", null=True, blank=True)
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField("thời điểm gửi", null=True, blank=True)
    provider_message_id = models.CharField("mã tin của nhà cung cấp", max_length=200, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "event_key"],
                condition=~Q(event_key=""),
                name="notifications_one_per_event_and_channel",
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notifications_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.reference} → {self.recipient}"
