"""Recompute the statistics aggregates exactly from the dossiers (after an import, a fix, or
to check the incremental upkeep): manage.py statistics_rebuild [--from YYYY-MM-DD] [--to ...]"""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tinhso.statistics.services import rebuild


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value} (dạng YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = "Tính lại số liệu thống kê theo ngày từ hồ sơ (cả hai bảng tổng hợp)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", help="Từ ngày (YYYY-MM-DD)")
        parser.add_argument("--to", dest="date_to", help="Đến ngày (YYYY-MM-DD)")

    def handle(self, *args, date_from=None, date_to=None, **options):
        start, end = _day(date_from), _day(date_to)
        if start and end and start > end:
            raise CommandError("Ngày bắt đầu phải trước ngày kết thúc.")
        began = time.perf_counter()
        daily, steps = rebuild(start, end)
        took = time.perf_counter() - began
        self.stdout.write(
            f"Đã tính lại {daily} dòng số liệu ngày, {steps} dòng theo bước ({took:.1f} s)."
        )
