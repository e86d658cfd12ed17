"""The cron commands as tasks: Celery beat runs exactly what cron ran (schedule.py).

Each command stays a management command (cron users are not broken); its task calls it with
call_command, so both run the same code. One task per command, named `cron.<command>`, so
its figures (core.task_stats, /metrics) and its log lines name what ran.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable

from celery import Task
from django.core.management import call_command
from django.core.management.base import CommandError

from tinhso.tasks.celery_app import app

logger = logging.getLogger(__name__)

# command → its arguments when run periodically
COMMANDS: dict[str, tuple[str, ...]] = {
    "dossier_deadlines": (),
    "archive_due_alerts": (),
    "privacy_purge": (),
    "signatures_poll": (),
    "mydossiers_file_results": (),
    "exchange_send": (),
    "exchange_receive": (),
    "payments_reconcile": (),
    "nationalportal_reconcile": (),
    "statistics_close_months": (),
    "audit_verify": (),
    "files_orphans": ("--delete",),
}


def run_command(command: str, *args: str) -> str:
    """Run one management command; its output goes to the log. A command that reports a
    problem (CommandError, a non-zero exit such as reconciliation differences) is logged as a
    warning, not retried: the next scheduled run looks again."""
    out = io.StringIO()
    started = time.monotonic()
    try:
        call_command(command, *args, stdout=out, stderr=out)
    except (CommandError, SystemExit) as exc:
        logger.warning("Lệnh %s báo lỗi: %s\n%s", command, exc, out.getvalue()[-4000:])
        return out.getvalue()
    logger.info(
        "Lệnh %s chạy xong sau %.1f s: %s",
        command,
        time.monotonic() - started,
        out.getvalue().strip()[-4000:],
    )
    return out.getvalue()


def _task_for(command: str, args: tuple[str, ...]) -> Task:
    def run() -> str:
        return run_command(command, *args)

    run.__name__ = run.__qualname__ = f"cron_{command}"
    run.__doc__ = f"manage.py {' '.join((command, *args))}"
    register: Callable[..., Task] = app.task(name=f"cron.{command}", ignore_result=True)
    return register(run)


TASKS: dict[str, Task] = {command: _task_for(command, args) for command, args in COMMANDS.items()}
