"""Ask the providers about open payments, issue receipts a confirmation could not make, seal
the receipts whose seal failed (receipt_seal.retry_unsealed) and send again the refunds the
provider could not take (refunds.retry_refunds)."""

from typing import Any

from django.core.management.base import BaseCommand

from tinhso.payments.receipt_seal import retry_unsealed
from tinhso.payments.receipts import issue_missing_receipts
from tinhso.payments.reconcile import query_pending
from tinhso.payments.refunds import retry_refunds


class Command(BaseCommand):
    help = "Đối soát: truy vấn trạng thái các khoản thanh toán chưa có xác nhận."

    def handle(self, *args: Any, **options: Any) -> None:
        result = query_pending()
        issued = issue_missing_receipts()
        seals = retry_unsealed()
        refunds = retry_refunds()
        self.stdout.write(
            f"Đã hỏi {result.asked} khoản; kết quả {result.outcomes}; "
            f"không liên lạc được {result.unavailable}; hết hạn {result.expired}; "
            f"lập thêm {issued} biên lai; ký số {seals.sealed} biên lai, "
            f"{seals.failed} biên lai chưa ký số được; hoàn trả: {refunds.done} xong, "
            f"{refunds.waiting} chờ gửi lại, {refunds.failed} không thành công (kế toán xử lý)."
        )
