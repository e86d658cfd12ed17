"""What the local axis simulator remembers: registered systems, the directory of organisations,
messages and each addressee's inbox. One store behind both protocols (national axis, LGSP)."""

from __future__ import annotations

import uuid

from django.db import models

from tinhso.exchange.transport.base import InboxState, MessageType


class AxisOrganisation(models.Model):
    """One entry of the axis's directory (mã định danh, Quyết định 20/2020/QĐ-TTg)."""

    code = models.CharField("mã định danh", max_length=13, unique=True)
    name = models.CharField("tên cơ quan", max_length=255)
    parent_code = models.CharField("mã cơ quan cấp trên", max_length=13, blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    email = models.CharField("thư điện tử", max_length=254, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    website = models.CharField("trang thông tin", max_length=200, blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "cơ quan trên trục (mô phỏng)"
        verbose_name_plural = "cơ quan trên trục (mô phỏng)"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class AxisSystem(models.Model):
    """A system connected to the axis (systemId + secret) and the organisations it serves."""

    system_id = models.CharField("mã hệ thống (systemId)", max_length=100, unique=True)
    # The key itself, not a hash of it: the SDK signs every request with HMAC-SHA256 keyed by
    # the secret, so the axis must hold the key to check the signature.
    secret = models.CharField("khóa bí mật", max_length=200)
    organs = models.ManyToManyField(
        AxisOrganisation, verbose_name="cơ quan phục vụ", related_name="systems", blank=True
    )
    created_at = models.DateTimeField("đăng ký lúc", auto_now_add=True)

    class Meta:
        verbose_name = "hệ thống kết nối trục (mô phỏng)"
        verbose_name_plural = "hệ thống kết nối trục (mô phỏng)"

    def __str__(self) -> str:
        return self.system_id


class AxisToken(models.Model):
    """A bearer token of the simulated LGSP (login → token, 30 minutes)."""

    token_hash = models.CharField("băm của mã truy cập", max_length=64, unique=True)
    system = models.ForeignKey(AxisSystem, on_delete=models.CASCADE, related_name="tokens")
    expires_at = models.DateTimeField("hết hạn lúc")

    class Meta:
        verbose_name = "mã truy cập LGSP (mô phỏng)"
        verbose_name_plural = "mã truy cập LGSP (mô phỏng)"

    def __str__(self) -> str:
        return f"{self.system} đến {self.expires_at:%d/%m/%Y %H:%M}"


class AxisMessage(models.Model):
    """One message as sent, stored once per sender's message id (a second send is the first)."""

    doc_id = models.UUIDField("mã gói tin trên trục (DocId)", default=uuid.uuid4, unique=True)
    sender = models.ForeignKey(AxisSystem, on_delete=models.PROTECT, related_name="sent")
    sender_message_id = models.CharField("mã gói tin của bên gửi", max_length=100)
    message_type = models.CharField(
        "loại gói tin", max_length=20, choices=[(t, t) for t in MessageType.ALL]
    )
    from_organ = models.CharField("cơ quan gửi", max_length=13)
    body = models.BinaryField("nội dung edXML")
    sha256 = models.CharField("SHA-256 nội dung", max_length=64)
    created_at = models.DateTimeField("nhận lúc", auto_now_add=True)

    class Meta:
        verbose_name = "gói tin trên trục (mô phỏng)"
        verbose_name_plural = "gói tin trên trục (mô phỏng)"
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "sender_message_id"], name="axis_message_once_per_sender_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.message_type} {self.from_organ} {self.doc_id}"


class AxisInboxItem(models.Model):
    """The message in one addressee's inbox, with the axis's state of it."""

    STATES = [
        (s, s)
        for s in (
            InboxState.INBOX,
            InboxState.ACCEPTANCE,
            InboxState.REJECTION,
            InboxState.PROCESSING,
            InboxState.DONE,
            InboxState.FAIL,
        )
    ]

    doc_id = models.UUIDField("mã trong hộp thư (docId)", default=uuid.uuid4, unique=True)
    message = models.ForeignKey(AxisMessage, on_delete=models.CASCADE, related_name="inbox")
    to_organ = models.CharField("cơ quan nhận", max_length=13, db_index=True)
    status = models.CharField("trạng thái", max_length=12, choices=STATES, default=InboxState.INBOX)
    created_at = models.DateTimeField("đến lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "gói tin trong hộp thư (mô phỏng)"
        verbose_name_plural = "gói tin trong hộp thư (mô phỏng)"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "to_organ"], name="axis_inbox_once_per_organ"
            )
        ]

    def __str__(self) -> str:
        return f"{self.to_organ} {self.status} {self.doc_id}"
