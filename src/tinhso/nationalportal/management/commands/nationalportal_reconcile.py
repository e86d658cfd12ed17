"""Compare the province's dossiers with what the national portal holds (docs/national-portal.md).

    manage.py nationalportal_reconcile [--date-from 2026-11-01] [--date-to 2026-11-30]

Dates as yyyy-mm-dd or dd/mm/yyyy; by default the current month up to today. Exits with
status 1 when there are differences, so cron can alert.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tinhso.nationalportal import reconcile


def parse_day(value: str) -> date:
    try:
        return reconcile.parse_day(value)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


class Command(BaseCommand):
    help = "Đối soát hồ sơ của tỉnh với dữ liệu Cổng Dịch vụ công quốc gia đang giữ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date-from", default="", help="từ ngày nộp (dd/mm/yyyy)")
        parser.add_argument("--date-to", default="", help="đến ngày nộp (dd/mm/yyyy)")
        parser.add_argument(
            "--no-portal",
            action="store_true",
            help="không hỏi Cổng, chỉ so với các tin Cổng đã xác nhận",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        first = today.replace(day=1)
        date_from = parse_day(options["date_from"]) if options["date_from"] else first
        date_to = parse_day(options["date_to"]) if options["date_to"] else today
        if date_from > date_to:
            raise CommandError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
        result = reconcile.reconcile(date_from, date_to, ask_portal=not options["no_portal"])
        out = self.stdout
        out.write(
            f"Đối soát hồ sơ nộp từ {date_from:%d/%m/%Y} đến {date_to:%d/%m/%Y} "
            f"với {result.source}."
        )
        if result.problem:
            out.write(f"Không hỏi được Cổng ({result.problem}); so với các tin đã xác nhận.")
        out.write("Ngày        | Kênh | Trạng thái | Tỉnh | Cổng")
        for row in result.rows:
            mark = "" if row.matches else "  ← lệch"
            day = f"{row.day:%d/%m/%Y}" if row.day else "—"
            out.write(
                f"{day} | {reconcile.channel_label(row.channel)} | "
                f"{reconcile.status_label(row.status)} | {row.ours} | {row.theirs}{mark}"
            )
        if result.ok:
            out.write(self.style.SUCCESS("Khớp: không có chênh lệch."))
            return
        out.write(self.style.WARNING(f"Có {len(result.differences)} chênh lệch:"))
        for difference in result.differences:
            out.write(f"- {difference.message}")
        raise SystemExit(1)
