"""Run the dossier clocks (tinhso.dossiers.deadlines): supplement reminders and stops, the
escalation of online dossiers waiting for reception, reminders of uncollected results.

No Celery beat in this project: run it from cron, e.g. every 15 minutes in office hours
`*/15 * * * * cd /srv/tinhso && .venv/bin/python manage.py dossier_deadlines`
(docs/dossier-deadlines.md). Running it twice changes nothing more."""

from django.core.management.base import BaseCommand

from tinhso.dossiers.deadlines import run


class Command(BaseCommand):
    help = (
        "Nhắc hạn bổ sung và dừng hồ sơ quá hạn bổ sung; báo hồ sơ trực tuyến quá thời gian "
        "chờ tiếp nhận; nhắc nhận kết quả. Chạy định kỳ (cron), ví dụ mỗi 15 phút."
    )

    def handle(self, *args, **options):
        report = run()
        self.stdout.write(report.summary())
