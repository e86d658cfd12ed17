"""Time limits for answering a data subject's request — the one place they are written.

Nghị định 356/2025/NĐ-CP (detailing Luật 91/2025/QH15 Điều 4 and replacing the 72 hours of
Nghị định 13/2023/NĐ-CP): the controller answers every request within **02 working days** of
receiving it (counted on the province's working calendar, tinhso.workcalendar.calendar), then
carries it out within a period in days (calendar days: the decree says "ngày", not "ngày làm
việc"), which may be extended **once, by at most 15 days**, with the reason told to the person.
The periods per kind are the rule we chose from the published summaries of the decree
(docs/personal-data.md, "Thời hạn"): verify against the official text before relying on them.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from tinhso.privacy.constants import RequestKind
from tinhso.workcalendar import calendar

ACKNOWLEDGE_WORKING_DAYS = 2
MAX_EXTENSION_DAYS = 15


@dataclass(frozen=True)
class Period:
    days: int
    basis: str


PERIODS: dict[str, Period] = {
    RequestKind.ACCESS: Period(10, "Nghị định 356/2025/NĐ-CP: cung cấp dữ liệu cá nhân"),
    RequestKind.CORRECTION: Period(10, "Nghị định 356/2025/NĐ-CP: chỉnh sửa dữ liệu cá nhân"),
    RequestKind.DELETION: Period(20, "Nghị định 356/2025/NĐ-CP: xóa dữ liệu cá nhân"),
    RequestKind.RESTRICTION: Period(15, "Nghị định 356/2025/NĐ-CP: hạn chế xử lý"),
    RequestKind.OBJECTION: Period(15, "Nghị định 356/2025/NĐ-CP: phản đối xử lý"),
    RequestKind.WITHDRAWAL: Period(15, "Nghị định 356/2025/NĐ-CP: rút lại sự đồng ý"),
}


def acknowledge_due_on(received_at: datetime) -> date:
    """The last day to answer that the request was received: 02 working days after the working
    day it counts as received on (after office close or on a day off: the next one)."""
    return calendar.add_working_days(
        calendar.effective_reception_date(received_at), ACKNOWLEDGE_WORKING_DAYS
    )


def complete_due_on(kind: str, received_at: datetime) -> date:
    """The last day to carry the request out: the kind's period in days from receipt."""
    return timezone.localdate(received_at) + timedelta(days=PERIODS[kind].days)


def extended_due_on(due_on: date, days: int) -> date:
    """One extension of at most MAX_EXTENSION_DAYS days (ValueError otherwise)."""
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValueError(f"Chỉ được gia hạn một lần, tối đa {MAX_EXTENSION_DAYS} ngày.")
    return due_on + timedelta(days=days)
