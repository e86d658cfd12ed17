"""manage.py exchange_drive <step>: one step of a letter between two instances, as JSON.

At the sender: issue (--to, --to-name, --subject, --tamper), batch (--count), recall
(--reason), resend, show, wait (--code: until the recipient reported it). At the receiver:
arrival (until a package about the letter came), register, assign, progress (--percent),
complete, agree, copy. Every step but issue and batch takes --document (the edXML DocumentId
that `issue` printed).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.demo import exchange_letters as letters

STEPS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "issue": lambda o: letters.issue_letter(
        o["to"], o["to_name"], o["subject"], tamper=o["tamper"]
    ),
    "batch": lambda o: letters.issue_batch(o["to"], o["to_name"], o["subject"], o["count"]),
    "recall": lambda o: letters.recall_letter(o["document"], o["reason"]),
    "resend": lambda o: letters.resend_letter(o["document"]),
    "show": lambda o: letters.show_letter(o["document"]),
    "register": lambda o: letters.register_copy(o["document"]),
    "assign": lambda o: letters.assign_copy(o["document"]),
    "progress": lambda o: letters.progress_copy(o["document"], o["percent"]),
    "complete": lambda o: letters.complete_copy(o["document"]),
    "agree": lambda o: letters.agree_recall(o["document"]),
    "copy": lambda o: letters.show_copy(o["document"]),
    "wait": lambda o: letters.wait_status(o["document"], o["code"], o["timeout"]),
    "arrival": lambda o: letters.wait_arrival(o["document"], o["timeout"]),
}


class Command(BaseCommand):
    help = "Một bước của văn bản liên thông giữa hai hệ thống (kết quả dạng JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("step", choices=sorted(STEPS))
        parser.add_argument("--document", default="", help="mã văn bản liên thông (DocumentId)")
        parser.add_argument("--to", default="000.00.12.H59", help="mã định danh nơi nhận")
        parser.add_argument("--to-name", default="Sở Nội vụ tỉnh Tuyên Quang")
        parser.add_argument("--subject", default="V/v phối hợp trao đổi văn bản điện tử")
        parser.add_argument("--reason", default="Ban hành nhầm đối tượng")
        parser.add_argument("--percent", type=int, default=50)
        parser.add_argument("--count", type=int, default=10, help="batch: số văn bản")
        parser.add_argument("--code", default="01", help="wait: mã trạng thái chờ (01–16)")
        parser.add_argument("--timeout", type=float, default=30, help="wait, arrival: số giây")
        parser.add_argument("--tamper", action="store_true", help="sửa một byte của gói tin")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["step"] not in ("issue", "batch") and not options["document"]:
            raise CommandError("Thiếu --document (mã văn bản liên thông do bước issue in ra).")
        try:
            result = STEPS[options["step"]](options)
        except (letters.DriveError, ValidationError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        except Exception as exc:  # the services' own refusals (OutgoingError, TransitionError…)
            if type(exc).__module__.startswith("tinhso."):
                raise CommandError(f"{type(exc).__name__}: {exc}") from exc
            raise
        self.stdout.write(json.dumps(result, ensure_ascii=False))
