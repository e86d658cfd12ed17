"""Thông báo hồ sơ đến hạn nộp lưu (Nghị định 30/2020/NĐ-CP, Phụ lục VI §III): 30 days before
a closed file is due at the agency archive (Điều 30.2), its keeper is told — once.

Run daily: `manage.py archive_due_alerts`. Idempotent twice over: a file alerted carries
`transfer_alerted_at`, and the notification's event key makes a second send a no-op.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from tinhso.archive.models import FileState, RecordFile
from tinhso.archive.retention import TRANSFER_FROM_YEARS
from tinhso.archive.services import alert_window_end
from tinhso.audit.services import audit_record
from tinhso.notifications.services import notify


def due_for_alert(today: date) -> list[RecordFile]:
    """Closed files due within 30 days (or overdue) not yet alerted, that go to the archive."""
    candidates = RecordFile.objects.filter(
        state=FileState.CLOSED,
        transfer_alerted_at__isnull=True,
        transfer_due__lte=alert_window_end(today),
    ).select_related("person_in_charge", "agency")
    return [
        f
        for f in candidates
        if f.retention_years is None or f.retention_years >= TRANSFER_FROM_YEARS
    ]


def send_due_alerts(today: date | None = None) -> int:
    """Alert each file's keeper; returns how many files were alerted now."""
    today = today or timezone.localdate()
    sent = 0
    for record in due_for_alert(today):
        with transaction.atomic():
            locked = RecordFile.objects.select_for_update().get(pk=record.pk)
            if locked.transfer_alerted_at is not None or locked.state != FileState.CLOSED:
                continue
            person = record.person_in_charge
            due = f"{record.transfer_due:%d/%m/%Y}" if record.transfer_due else ""
            notify(
                reference=record.file_code,
                subject=f"Hồ sơ {record.notation} đến hạn nộp lưu ngày {due}",
                body=(
                    f"Hồ sơ “{record.title}” (số và ký hiệu {record.notation}, năm {record.year}) "
                    f"đến hạn nộp lưu vào Lưu trữ cơ quan ngày {due} (Điều 30 Nghị định "
                    "30/2020/NĐ-CP). Đề nghị hoàn thiện và nộp lưu hồ sơ."
                ),
                email=person.email,
                phone=getattr(person, "phone", ""),
                user=person,
                event_key=f"archive:file:{record.pk}:due:{record.transfer_due}",
                sms_body=f"Ho so {record.notation} den han nop luu {due}.",
            )
            locked.transfer_alerted_at = timezone.now()
            locked.save(update_fields=["transfer_alerted_at"])
            audit_record(
                actor=None,
                action="archive.file_due_alert",
                target=locked,
                summary=f"Báo đến hạn nộp lưu {due}",
            )
            sent += 1
    return sent
