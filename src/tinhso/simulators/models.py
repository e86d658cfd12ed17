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


class SmartCATransaction(models.Model):
    """A signing request that reached the simulated remote-signing service (VNPT SmartCA
    shapes, /mo-phong/smartca/): it waits for "the user" to accept or refuse on the simulator's
    page, or runs out of time."""

    WAITING = "waiting"
    CONFIRMED = "confirmed"
    REFUSED = "refused"
    EXPIRED = "expired"
    STATUSES = [
        (WAITING, "Chờ người dùng xác nhận"),
        (CONFIRMED, "Đã đồng ý ký"),
        (REFUSED, "Người dùng từ chối"),
        (EXPIRED, "Hết thời gian xác nhận"),
    ]

    transaction_id = models.CharField("mã giao dịch của SP", max_length=100, unique=True)
    tran_code = models.CharField("mã giao dịch của CA", max_length=40)
    user_id = models.CharField("mã thuê bao (CCCD/MST)", max_length=40)
    serial_number = models.CharField("số hiệu chứng thư", max_length=80)
    description = models.CharField("mô tả giao dịch", max_length=500, blank=True)
    files = models.JSONField("tài liệu cần ký", default=list)
    status = models.CharField("trạng thái", max_length=10, choices=STATUSES, default=WAITING)
    signatures = models.JSONField("chữ ký", default=list, blank=True)
    created_at = models.DateTimeField("nhận lúc", auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    decided_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    webhook_result = models.CharField("kết quả gửi webhook", max_length=300, blank=True)

    class Meta:
        verbose_name = "giao dịch ký số từ xa (mô phỏng)"
        verbose_name_plural = "giao dịch ký số từ xa (mô phỏng)"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.transaction_id} {self.get_status_display()}"


from tinhso.simulators.axis.models import (  # noqa: E402, F401  (issue 15: the axis simulator)
    AxisInboxItem,
    AxisMessage,
    AxisOrganisation,
    AxisSystem,
    AxisToken,
)
from tinhso.simulators.payplatform.models import (  # noqa: E402, F401  (issue 16: payments)
    SimulatedPayment,
)
from tinhso.simulators.vnpay.models import VnpaySimTransaction  # noqa: E402, F401  (issue 16)
