"""manage.py exchange_run --every 2 [--once]: send what is due, take what arrived, repeat.

What cron or Celery beat does in production (exchange_send + exchange_receive), in one loop
for the demo and the two-instance test. One line per round, only when something happened.
"""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connections
from django.utils import timezone

from tinhso.exchange import outbox, receive


class Command(BaseCommand):
    help = (
        "Vòng lặp liên thông văn bản: gửi các tin đến hạn lên trục và nhận các gói tin mới, "
        "lặp lại sau mỗi --every giây (--once: một lượt). Chỉ in khi có việc."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=float, default=2.0, help="số giây giữa hai lượt")
        parser.add_argument("--once", action="store_true", help="chạy một lượt rồi dừng")

    def handle(self, *args: Any, **options: Any) -> None:
        every = options["every"]
        if not 0.1 <= every <= 3600:
            raise CommandError("--every phải từ 0,1 đến 3600 giây.")
        stop = {"now": False}

        def _stop(*_: Any) -> None:
            stop["now"] = True

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        while not stop["now"]:
            try:
                line = self.round()
            except DatabaseError as exc:  # a busy database: the next round tries again
                line = f"{timezone.localtime():%H:%M:%S} cơ sở dữ liệu bận: {exc}"
                connections.close_all()
            if line:
                self.stdout.write(line)
                self.stdout.flush()
            if options["once"]:
                return
            deadline = time.monotonic() + every
            while not stop["now"] and time.monotonic() < deadline:
                time.sleep(0.05)

    last_error = ""

    def round(self) -> str:
        previous = self.last_error
        sent = outbox.send_due()
        taken = receive.receive_due()
        # a status answered to what just arrived leaves in the same round
        again = outbox.send_due() if taken.received or taken.refused else outbox.SendOutcome()
        parts = []
        if sent.sent + again.sent:
            parts.append(f"gửi {sent.sent + again.sent}")
        if sent.retrying + again.retrying:
            parts.append(f"chờ gửi lại {sent.retrying + again.retrying}")
        if sent.failed + again.failed:
            parts.append(f"lỗi {sent.failed + again.failed}")
        for label, count in (
            ("nhận", taken.received),
            ("trạng thái", taken.statuses),
            ("trùng", taken.duplicates),
            ("từ chối", taken.refused),
        ):
            if count:
                parts.append(f"{label} {count}")
        # an axis that stays down is said once, not every round
        error, self.last_error = taken.error, taken.error
        if error and error != previous:
            parts.append(f"trục chưa trả lời: {error[:120]}")
        if not parts:
            return ""
        return f"{timezone.localtime():%H:%M:%S} " + "; ".join(parts)
