from django.core.management.base import BaseCommand

from tinhso.nationalportal.outbox import send_due


class Command(BaseCommand):
    help = (
        "Gửi các tin trạng thái hồ sơ đến hạn cho Cổng Dịch vụ công quốc gia (tin mới, tin lỗi "
        "đến lượt gửi lại), theo thứ tự trong từng hồ sơ. Chạy định kỳ, ví dụ mỗi phút."
    )

    def handle(self, *args, **options):
        outcome = send_due()
        self.stdout.write(
            f"Đã gửi {outcome.sent} tin; {outcome.failed} tin gửi không thành công "
            "(sẽ gửi lại theo lịch)."
        )
