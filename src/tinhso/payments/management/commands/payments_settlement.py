"""Mark payments settled from a provider's settlement file (CSV: reference,amount,date)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.payments.constants import Provider
from tinhso.payments.reconcile import SettlementError, import_settlement


class Command(BaseCommand):
    help = "Nhập tệp đối soát của đơn vị thanh toán: mã tham chiếu,số tiền,ngày."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("provider", choices=[p.value for p in Provider])
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = Path(options["file"]).read_text(encoding="utf-8-sig")
            result = import_settlement(options["provider"], text)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp: {exc}") from exc
        except SettlementError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã đánh dấu {result.marked} khoản có tiền về.")
        for reference in result.unknown:
            self.stdout.write(f"Không có khoản đã xác nhận: {reference}")
        for reference in result.amount_differs:
            self.stdout.write(f"Số tiền khác: {reference}")
