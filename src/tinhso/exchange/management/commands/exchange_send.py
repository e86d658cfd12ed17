from typing import Any

from django.core.management.base import BaseCommand

from tinhso.exchange.outbox import send_due


class Command(BaseCommand):
    help = (
        "Gửi các tin liên thông văn bản đến hạn (văn bản, thu hồi, trạng thái) lên trục liên "
        "thông; tin lỗi được gửi lại theo lịch giãn dần. Chạy định kỳ, ví dụ mỗi phút."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = send_due()
        self.stdout.write(
            f"Đã gửi {outcome.sent} tin; {outcome.retrying} tin sẽ gửi lại; "
            f"{outcome.failed} tin lỗi cần xử lý."
        )
