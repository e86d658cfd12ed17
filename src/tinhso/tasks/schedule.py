"""The beat schedule: every periodic job of Tỉnh Số, in one place (`celery -A tinhso.tasks beat`).

Times are in the province's time zone (Asia/Ho_Chi_Minh). Every job is safe to run twice or
late: drains claim their rows (core.outbox), the others are idempotent by design, so a beat
that was down simply catches up on its next tick.
"""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab

from tinhso.tasks.celery_app import app

MINUTE = 60.0

SCHEDULE: dict[str, dict[str, Any]] = {
    # Outbox drains. After-commit tasks send at once; these pick up failures whose back-off has
    # passed and rows whose task was lost (broker down when queued): a minute is the delay a
    # citizen or the national portal may notice, and an empty run costs one indexed query.
    "notifications-retry": {"task": "notifications.retry_due", "schedule": MINUTE},
    "nationalportal-send": {"task": "nationalportal.send_due", "schedule": MINUTE},
    # Liên thông văn bản: the DHX axis is polled, so a minute is how late a letter arrives.
    "exchange-send": {"task": "cron.exchange_send", "schedule": MINUTE},
    "exchange-receive": {"task": "cron.exchange_receive", "schedule": MINUTE},
    # A citizen is waiting on the phone for the remote-signing result (the webhook is first;
    # this catches a missed one).
    "signatures-poll": {"task": "cron.signatures_poll", "schedule": MINUTE},
    # Payments without a provider's confirmation: the citizen waits for "đã thanh toán", and
    # the providers ask not to be queried more often than every few minutes.
    "payments-reconcile": {"task": "cron.payments_reconcile", "schedule": 5 * MINUTE},
    # Deadlines are counted in working days and hours: a quarter hour is exact enough for
    # reminders and stops (docs/dossier-deadlines.md suggested the same for cron).
    "dossier-deadlines": {"task": "cron.dossier_deadlines", "schedule": 15 * MINUTE},
    # Catch-up only (the result is filed when returned): hourly is ample.
    "mydossiers-file-results": {"task": "cron.mydossiers_file_results", "schedule": 60 * MINUTE},
    # Month-end figures: once a day, just after midnight, closes the month that just ended.
    "statistics-close-months": {
        "task": "cron.statistics_close_months",
        "schedule": crontab(minute=5, hour=0),
    },
    # The audit hash chain: daily, at night, so a tampering is seen within a day (docs/audit.md).
    "audit-verify": {"task": "cron.audit_verify", "schedule": crontab(minute=30, hour=1)},
    # Retention of personal data is counted in days (Luật 91/2025/QH15 Điều 14): nightly.
    "privacy-purge": {"task": "cron.privacy_purge", "schedule": crontab(minute=0, hour=2)},
    # Reconciliation with the national portal: daily, off hours, it reads the whole month.
    "nationalportal-reconcile": {
        "task": "cron.nationalportal_reconcile",
        "schedule": crontab(minute=0, hour=3),
    },
    # Files no record points to (older than 24 h): nightly housekeeping.
    "files-orphans": {"task": "cron.files_orphans", "schedule": crontab(minute=0, hour=4)},
    # Files due at the agency archive within 30 days: daily, before office hours.
    "archive-due-alerts": {
        "task": "cron.archive_due_alerts",
        "schedule": crontab(minute=0, hour=7),
    },
}

app.conf.beat_schedule = SCHEDULE
