from django.db import models


class Provider(models.TextChoices):
    """Who collects the money. The counter is not a gateway: the officer records it."""

    VNPAY = "vnpay", "VNPay"
    NATIONAL = "dvcqg", "Nền tảng thanh toán của Cổng Dịch vụ công quốc gia"
    PAYGOV = "paygov", "PayGov qua nền tảng tích hợp của tỉnh (LGSP)"
    COUNTER = "counter", "Thu tại bộ phận một cửa"


class Method(models.TextChoices):
    ONLINE = "online", "Trực tuyến"
    CASH = "cash", "Tiền mặt"
    CARD = "card", "Thẻ (POS)"
    BANK_QR = "bank_qr", "Chuyển khoản qua mã QR"


class PaymentState(models.TextChoices):
    CREATED = "created", "Mới tạo"
    PENDING = "pending", "Chờ xác nhận của đơn vị thanh toán"
    PAID = "paid", "Đã thanh toán"
    FAILED = "failed", "Không thành công"
    CANCELLED = "cancelled", "Người nộp đã hủy"
    EXPIRED = "expired", "Hết thời gian thanh toán"
    REFUNDED = "refunded", "Đã hoàn trả"


OPEN_STATES = frozenset({PaymentState.CREATED, PaymentState.PENDING})
# A payment that timed out may still be paid: a late callback or a query reconciles it.
RECONCILABLE_STATES = frozenset(
    {PaymentState.CREATED, PaymentState.PENDING, PaymentState.EXPIRED, PaymentState.FAILED}
)


class EventKind(models.TextChoices):
    START = "start", "Khởi tạo giao dịch"
    RETURN = "return", "Trình duyệt quay về (không dùng để xác nhận)"
    CALLBACK = "callback", "Thông báo từ máy chủ đơn vị thanh toán"
    QUERY = "query", "Truy vấn trạng thái"
    REFUND = "refund", "Hoàn tiền"
    COUNTER = "counter", "Thu tại quầy"


class Outcome(models.TextChoices):
    """What a callback or query did to the payment (PaymentEvent.outcome)."""

    CONFIRMED = "confirmed", "Xác nhận đã thanh toán"
    ALREADY = "already", "Đã xác nhận trước đó (không đổi gì)"
    NOT_PAID = "not_paid", "Đơn vị thanh toán báo không thành công"
    BAD_SIGNATURE = "bad_signature", "Sai chữ ký/mã xác thực"
    WRONG_AMOUNT = "wrong_amount", "Sai số tiền"
    WRONG_CURRENCY = "wrong_currency", "Sai loại tiền"
    UNKNOWN = "unknown", "Không có giao dịch"
    PENDING = "pending", "Đang chờ"
    ERROR = "error", "Lỗi"
