from typing import Any

from django.core.management.base import BaseCommand

from tinhso.exchange.receive import receive_due


class Command(BaseCommand):
    help = (
        "Nhận các gói tin liên thông đang chờ trên trục (văn bản đến, trạng thái, yêu cầu thu "
        "hồi), kiểm tra chữ ký, vào danh sách chờ vào sổ một lần. Chạy định kỳ, ví dụ mỗi phút."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=100)

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = receive_due(limit=options["limit"])
        self.stdout.write(
            f"Nhận {outcome.received} văn bản, {outcome.statuses} trạng thái; "
            f"{outcome.duplicates} trùng; {outcome.refused} từ chối."
            + (f" Lỗi đường truyền: {outcome.error}" if outcome.error else "")
        )
