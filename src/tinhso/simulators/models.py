"""What the simulators remember (only the national-portal simulator keeps anything)."""

from django.db import models


class PortalStatusReceipt(models.Model):
    """One status update that reached the simulated national portal, and what it answered."""

    received_at = models.DateTimeField("nhận lúc", auto_now_add=True)
    message_id = models.CharField("mã tin", max_length=64, blank=True, db_index=True)
    external_id = models.CharField("mã hồ sơ trên Cổng", max_length=64, blank=True)
    dossier_code = models.CharField("mã hồ sơ của tỉnh", max_length=32, blank=True)
    sequence = models.PositiveIntegerField("số thứ tự", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=24, blank=True)
    status_label = models.CharField("tên trạng thái", max_length=100, blank=True)
    action = models.CharField("hành động", max_length=24, blank=True)
    action_label = models.CharField("tên hành động", max_length=100, blank=True)
    note = models.TextField("ghi chú", blank=True)
    body = models.TextField("nội dung nhận được")
    signature_valid = models.BooleanField("chữ ký đúng", default=False)
    answered = models.PositiveSmallIntegerField("mã HTTP đã trả lời")
    problem = models.CharField("lý do từ chối", max_length=300, blank=True)

    class Meta:
        verbose_name = "tin trạng thái Cổng DVCQG (mô phỏng) nhận được"
        verbose_name_plural = "tin trạng thái Cổng DVCQG (mô phỏng) nhận được"
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.received_at:%d/%m/%Y %H:%M:%S} {self.external_id} {self.status}"


class PortalSimulatorSwitch(models.Model):
    """The simulated portal's outage switch: answer `fail_status` to the next `fail_next`
    status updates (one row, pk=1)."""

    fail_next = models.PositiveIntegerField("số tin tiếp theo sẽ từ chối", default=0)
    fail_status = models.PositiveSmallIntegerField("mã HTTP trả lời khi từ chối", default=503)

    class Meta:
        verbose_name = "công tắc sự cố Cổng DVCQG (mô phỏng)"
        verbose_name_plural = "công tắc sự cố Cổng DVCQG (mô phỏng)"

    def __str__(self) -> str:
        return f"Từ chối {self.fail_next} tin tiếp theo (HTTP {self.fail_status})"
