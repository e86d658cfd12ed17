"""The "ĐẾN" stamp of an incoming document and whether it was registered in time.

Nghị định 30/2020/NĐ-CP, Phụ lục IV (dấu ĐẾN, 35×50 mm: Số đến, Ngày đến, Chuyển, Số và ký
hiệu hồ sơ); Điều 4.2.c and 18.1 (registered the same day, at the latest the next working day;
Hỏa tốc, Thượng khẩn, Khẩn at once).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from tinhso.documents.kinds import URGENT_LEVELS
from tinhso.documents.models import Document
from tinhso.workcalendar import calendar

# "At once" for urgent documents (Điều 4.2.c): within this much office time of arrival.
URGENT_GRACE = timedelta(hours=2)


@dataclass(frozen=True)
class ArrivalStamp:
    """The "ĐẾN" stamp (Phụ lục IV, 35×50 mm): printed on paper, shown beside an e-document."""

    agency_name: str
    arrival_number: int | None
    arrival_date: str  # dd/mm/yyyy
    arrival_time: str  # hh:mm
    transferred_to: str
    file_notation: str


def registration_deadline(arrival_at: datetime, urgency: str) -> datetime:
    """The latest moment the document may be registered without being late.

    Ordinary documents: the end of the next working day after the day of arrival (a
    document arriving on a day off counts from the first working day). Urgent ones: at once
    (URGENT_GRACE of office time after arrival)."""
    if urgency in URGENT_LEVELS:
        return calendar.add_working_timedelta(arrival_at, URGENT_GRACE)
    local = timezone.localtime(arrival_at)
    last = calendar.next_working_day(calendar.working_day_on_or_after(local.date()))
    end = datetime.combine(last + timedelta(days=1), datetime.min.time())
    return timezone.make_aware(end) - timedelta(microseconds=1)


def is_late(arrival_at: datetime, registered_at: datetime, urgency: str) -> bool:
    return registered_at > registration_deadline(arrival_at, urgency)


def stamp_of(document: Document) -> ArrivalStamp:
    detail = getattr(document, "incoming_detail", None)
    at = timezone.localtime(document.arrival_at) if document.arrival_at else None
    return ArrivalStamp(
        agency_name=document.agency.name,
        arrival_number=document.book_number,
        arrival_date=f"{at:%d/%m/%Y}" if at else "",
        arrival_time=f"{at:%H:%M}" if at else "",
        transferred_to=detail.transferred_to if detail else "",
        file_notation=detail.file_notation if detail else "",
    )


__all__ = ["URGENT_GRACE", "ArrivalStamp", "is_late", "registration_deadline", "stamp_of"]
