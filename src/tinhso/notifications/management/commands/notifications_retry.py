from django.core.management.base import BaseCommand

from tinhso.notifications.services import retry_due


class Command(BaseCommand):
    help = (
        "Gửi lại các thông báo (thư điện tử, SMS) gửi không thành công đã đến hạn gửi lại. "
        "Chạy định kỳ, ví dụ mỗi phút."
    )

    def handle(self, *args, **options):
        sent = retry_due()
        self.stdout.write(f"Đã gửi lại {sent} thông báo.")
