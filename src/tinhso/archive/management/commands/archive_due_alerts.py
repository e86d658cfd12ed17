"""Daily: tell keepers of files due at the agency archive within 30 days (once per file)."""

from typing import Any

from django.core.management.base import BaseCommand

from tinhso.archive.alerts import send_due_alerts


class Command(BaseCommand):
    help = "Thông báo hồ sơ đến hạn nộp lưu trong 30 ngày (mỗi hồ sơ một lần)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_due_alerts()
        self.stdout.write(f"Đã thông báo {count} hồ sơ đến hạn nộp lưu.")
