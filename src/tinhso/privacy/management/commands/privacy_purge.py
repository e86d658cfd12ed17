"""`manage.py privacy_purge [--dry-run]`: apply the retention schedule of personal data.

Luật 91/2025/QH15 Điều 14: data is deleted or anonymised when its retention period ends
(tinhso.privacy.retention has each rule, its period and basis). With --dry-run nothing changes
and nothing is written; otherwise everything is purged in one transaction and the counts go
on the audit record.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.privacy.retention import purge


class Command(BaseCommand):
    help = "Xóa, khử nhận dạng dữ liệu cá nhân đã hết thời hạn lưu giữ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ đếm, không thay đổi gì.",
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        now = timezone.now()
        with transaction.atomic():
            counts = purge(now, dry_run=dry_run)
            lines = [
                f"{c.label}: {c.count} (trước {timezone.localtime(c.cutoff):%d/%m/%Y})"
                for c in counts
            ]
            if not dry_run:
                audit_record(
                    actor=None,
                    action="privacy.purge",
                    summary="Áp dụng thời hạn lưu giữ dữ liệu cá nhân: " + "; ".join(lines),
                    changes={c.rule.key + ":" + c.label: c.count for c in counts},
                )
        title = "Chạy thử (không thay đổi gì)" if dry_run else "Đã xóa, khử nhận dạng"
        self.stdout.write(f"{title}:")
        for line in lines:
            self.stdout.write(f"  {line}")
