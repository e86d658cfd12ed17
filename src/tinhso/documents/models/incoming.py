"""What registration and handling of an incoming document add to the shared Document row.

Nghị định 30/2020/NĐ-CP, Điều 22 (đăng ký văn bản đến) and Phụ lục IV: the "ĐẾN" stamp
(Số đến, Ngày đến, Chuyển, Số và ký hiệu hồ sơ), the register's "Ghi chú", and the
follow-up register's "Số, ký hiệu văn bản trả lời" (Sổ theo dõi giải quyết văn bản đến).
"""

from django.conf import settings
from django.db import models

from tinhso.documents.models.base import Document


class IncomingDetail(models.Model):
    """One per incoming document: the facts of its registration, refusal and completion."""

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, related_name="incoming_detail"
    )
    # "Chuyển" on the ĐẾN stamp: the unit or person the document was handed to.
    transferred_to = models.CharField("chuyển", max_length=300, blank=True)
    transferred_at = models.DateTimeField("ngày chuyển", null=True, blank=True)
    # "Số và ký hiệu hồ sơ" on the ĐẾN stamp: the work file the document is filed in.
    file_notation = models.CharField("số và ký hiệu hồ sơ", max_length=50, blank=True)
    sender_email = models.EmailField("thư điện tử người gửi", blank=True)
    # Điều 4.2.c, 18.1: registered later than the same or the next working day (urgent: at once).
    registered_late = models.BooleanField("vào sổ muộn", default=False)
    # A duplicate the clerk confirmed on purpose (Phụ lục VI §III: the system only warns).
    duplicate_confirmed = models.BooleanField("đã xác nhận vào sổ dù trùng", default=False)
    refusal_reason = models.CharField("lý do từ chối", max_length=1000, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    reply_notation = models.CharField("số, ký hiệu văn bản trả lời", max_length=60, blank=True)
    completed_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "thông tin văn bản đến"
        verbose_name_plural = "thông tin văn bản đến"

    def __str__(self) -> str:
        return f"Văn bản đến #{self.document_id}"
