"""Write what was in progress and overdue at the end of every month that has ended and is not
written yet (tinhso.statistics.month_ends). Idempotent: run it daily from cron, e.g.
`5 0 * * * manage.py statistics_close_months`."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from tinhso.statistics.month_ends import close_months, ended_months


class Command(BaseCommand):
    help = "Chốt số liệu hồ sơ đang giải quyết, quá hạn tại cuối các tháng đã kết thúc."

    def add_arguments(self, parser):
        parser.add_argument(
            "--again",
            action="store_true",
            help="Chốt lại cả các tháng đã chốt (sau khi sửa dữ liệu)",
        )

    def handle(self, *args, again=False, **options):
        began = time.perf_counter()
        closed = close_months(ended_months(timezone.now()), again=again)
        took = time.perf_counter() - began
        names = ", ".join(f"{m:%m/%Y}" for m in closed) or "không có tháng nào mới"
        self.stdout.write(f"Đã chốt số liệu cuối tháng: {names} ({took:.1f} s).")
