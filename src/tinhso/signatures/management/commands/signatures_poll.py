"""Ask the remote-signing provider about every pending phone signing (run every minute by the
scheduler, alongside the webhook): signed ones are finished, refused/expired ones closed."""

from typing import Any

from django.core.management.base import BaseCommand

from tinhso.signatures.providers.remote import poll_pending


class Command(BaseCommand):
    help = "Hỏi trạng thái các phiên ký số từ xa đang chờ và kết thúc các phiên đã có kết quả."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = poll_pending()
        if not counts:
            self.stdout.write("Không có phiên ký số từ xa nào đang chờ.")
            return
        for status, count in sorted(counts.items()):
            self.stdout.write(f"{status}: {count}")
