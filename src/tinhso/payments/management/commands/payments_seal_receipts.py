"""Seal the receipts still unsealed (a failed or interrupted seal); payments_reconcile too."""

from typing import Any

from django.core.management.base import BaseCommand

from tinhso.payments.receipt_seal import retry_unsealed


class Command(BaseCommand):
    help = "Đóng dấu số các biên lai điện tử chưa được ký số (lần ký trước không thành công)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = retry_unsealed()
        self.stdout.write(
            f"Đã ký số {result.sealed} biên lai; {result.failed} biên lai chưa ký số được."
        )
