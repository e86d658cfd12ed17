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
    # Who holds the row until next_attempt_at (core.outbox.claim): the id of the task that
    # claimed it, so that the same task run again after its worker died takes it back at once.
    claimed_by = models.CharField("đang được gửi bởi", max_length=64, blank=True, default="")
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


class Attachment(models.Model):
    """A file sent with an e-mail notification (issue 12 item 15: the form issued to the
    applicant, e.g. Mẫu 01 at reception, travels with the message that announces it).

    The file is built when the e-mail is first sent, after the change has committed, by the
    function `source` names (a dotted path under tinhso., called with `source_args`): the
    officer's action does not wait for a PDF, and the notifications layer imports no app above
    it. The bytes are then kept, so that a retry sends what the applicant was first sent."""

    notification = models.ForeignKey(
        Notification,
        verbose_name="thông báo",
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    filename = models.CharField("tên tệp", max_length=200)
    content_type = models.CharField("kiểu tệp", max_length=100, default="application/pdf")
    source = models.CharField("hàm tạo tệp", max_length=200, blank=True)
    source_args = models.JSONField("tham số hàm tạo tệp", default=dict, blank=True)
    content = models.BinaryField("nội dung", null=True, blank=True)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"

    def __str__(self) -> str:
        return self.filename
