"""Due-date calculator: GET /due-date (mounted by the lead at /api/v1/calendar).

Rules in tinhso.workcalendar.calendar.due_at: working_days (Bộ luật Dân sự 2015 Điều 147,
counted from the next working day), hours (working hours inside the office periods from valid
reception, Nghị định 118/2025/NĐ-CP), same_day / cutoff (procedures that say "trong ngày").
"""

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from tinhso.api_common import InputSchema, errors
from tinhso.workcalendar import calendar

router = Router()

MAX_WORKING_DAYS = Decimal(365)
MAX_HOURS = Decimal(365 * 24)


class DueDateIn(InputSchema):
    received_at: str = Field(
        max_length=40,
        description="thời điểm tiếp nhận hợp lệ, ISO 8601 (không có múi giờ: giờ Việt Nam)",
    )
    working_days: str | None = Field(
        None, max_length=20, description="số ngày làm việc (0–365, có thể lẻ: 0.5)"
    )
    hours: str | None = Field(
        None,
        max_length=20,
        description="số giờ làm việc (0–8760, có thể lẻ: 1.5), tính từ lúc tiếp nhận hợp lệ, "
        "chỉ trong giờ làm việc (trừ giờ nghỉ trưa)",
    )
    same_day: str | None = Field(
        None,
        max_length=10,
        description="true: thủ tục giải quyết trong ngày (trả trước giờ đóng cửa hôm tiếp nhận; "
        "tiếp nhận sau giờ muộn nhất thì trả vào ngày làm việc tiếp theo)",
    )
    cutoff: str | None = Field(
        None,
        max_length=20,
        description="giờ tiếp nhận muộn nhất với thủ tục trong ngày, HH:MM (kèm theo là same_day)",
    )


class DueDateOut(Schema):
    received_at: str
    due_at: str = Field(description="hạn giải quyết, ISO 8601 với +07:00")
    working_days: float | None
    hours: float | None
    same_day: bool = Field(description="true nếu hạn tính theo quy tắc giải quyết trong ngày")
    cutoff: str | None
    provisional_holidays: list[date] = Field(
        description="ngày nghỉ lễ dự kiến trong khoảng tính hạn (từ ngày tiếp nhận đến ngày hết "
        "hạn): lấy theo Bộ luật Lao động 2019 Điều 112, chưa có thông báo hằng năm của Chính phủ "
        "xác nhận (ví dụ Tết 2027); hạn có thể thay đổi khi có thông báo"
    )
    provisional: bool = Field(description="true nếu hạn tính qua ngày nghỉ lễ dự kiến")


def _number(raw: str, label: str, maximum: Decimal) -> Decimal:
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise HttpError(422, f"{label} phải là một số.") from None
    if not value.is_finite() or not 0 <= value <= maximum:
        raise HttpError(422, f"{label} phải từ 0 đến {maximum}.")
    return value


def _received_at(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise HttpError(
            422, "received_at phải là thời điểm ISO 8601, ví dụ 2025-01-24T10:00:00+07:00."
        ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


def _flag(raw: str | None) -> bool:
    value = (raw or "").strip().lower()
    if value in {"", "0", "false", "khong", "không"}:
        return False
    if value in {"1", "true", "co", "có"}:
        return True
    raise HttpError(422, "same_day phải là true hoặc false.")


def _cutoff(raw: str) -> time:
    try:
        value = time.fromisoformat(raw.strip())
    except ValueError:
        raise HttpError(422, "cutoff phải là giờ dạng HH:MM, ví dụ 15:00.") from None
    if value.tzinfo is not None:
        raise HttpError(422, "cutoff phải là giờ dạng HH:MM, ví dụ 15:00.")
    return value


@router.get(
    "/due-date",
    response={200: DueDateOut, **errors(422)},
    summary="Tính hạn giải quyết hồ sơ",
)
def due_date(request: HttpRequest, params: Query[DueDateIn]) -> dict[str, object]:
    """Hạn giải quyết: theo ngày làm việc (tính từ ngày làm việc kế tiếp ngày tiếp nhận, kết thúc
    lúc hết giờ làm việc), theo giờ làm việc (tính từ lúc tiếp nhận, chỉ trong các buổi làm
    việc, không tính giờ nghỉ trưa), hoặc trong ngày (same_day, có giờ tiếp nhận muộn nhất)."""
    same_day = _flag(params.same_day) or bool(params.cutoff)
    if params.working_days is not None and (params.hours is not None or same_day):
        raise HttpError(
            422, "Phải cho đúng một trong hai tham số: working_days hoặc hours (hoặc same_day)."
        )
    if params.working_days is None and params.hours is None and not same_day:
        raise HttpError(
            422, "Phải cho đúng một trong hai tham số: working_days hoặc hours (hoặc same_day)."
        )
    received_at = _received_at(params.received_at)
    working_days = (
        _number(params.working_days, "working_days", MAX_WORKING_DAYS)
        if params.working_days is not None
        else None
    )
    hours = _number(params.hours, "hours", MAX_HOURS) if params.hours is not None else None
    cutoff = _cutoff(params.cutoff) if params.cutoff else None
    due = calendar.due_at(
        received_at,
        working_days=working_days,
        hours=hours,
        same_day_cutoff=cutoff,
        same_day=same_day,
    )
    local_received = timezone.localtime(received_at, timezone.get_default_timezone())
    provisional = calendar.provisional_holidays_between(local_received.date(), due.date())
    return {
        "received_at": local_received.isoformat(),
        "due_at": due.isoformat(),
        "working_days": float(working_days) if working_days is not None else None,
        "hours": float(hours) if hours is not None else None,
        "same_day": same_day,
        "cutoff": cutoff.strftime("%H:%M") if cutoff else None,
        "provisional_holidays": provisional,
        "provisional": bool(provisional),
    }
