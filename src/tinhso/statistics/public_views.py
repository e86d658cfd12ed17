"""/thong-ke/: the public statistics page, for anyone (no sign-in), aggregates only.

A period choice (this month, this quarter, this year, last year) and an optional agency. A
choice that names nothing falls back to the default with a message — never an error page.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tinhso.statistics.public import (
    PublicParamError,
    find_agency,
    public_agencies,
    public_statistics,
)


@dataclass(frozen=True)
class PeriodChoice:
    value: str
    label: str


PERIODS = (
    PeriodChoice("thang-nay", "Tháng này"),
    PeriodChoice("quy-nay", "Quý này"),
    PeriodChoice("nam-nay", "Năm nay"),
    PeriodChoice("nam-truoc", "Năm trước"),
)
DEFAULT_PERIOD = "thang-nay"


def period_dates(choice: str, today: date) -> tuple[date, date]:
    """[from, to] of a period choice; the current periods run to today (both included)."""
    if choice == "quy-nay":
        return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today
    if choice == "nam-nay":
        return date(today.year, 1, 1), today
    if choice == "nam-truoc":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return today.replace(day=1), today


def public_statistics_page(request: HttpRequest) -> HttpResponse:
    choice = request.GET.get("ky") or DEFAULT_PERIOD
    if choice not in {p.value for p in PERIODS}:
        messages.warning(request, "Kỳ thống kê không hợp lệ: đang hiển thị tháng này.")
        choice = DEFAULT_PERIOD
    code = (request.GET.get("co-quan") or "").strip()[:40]
    try:
        agency = find_agency(code)
    except PublicParamError:
        messages.warning(request, "Không có cơ quan đã chọn: đang hiển thị toàn tỉnh.")
        agency, code = None, ""
    date_from, date_to = period_dates(choice, timezone.localdate())
    stats = public_statistics(date_from, date_to, agency)
    context = {
        "periods": PERIODS,
        "period": choice,
        "agencies": public_agencies(),
        "agency_code": code,
        "stats": stats,
        "rows": ([stats.province] if stats.province else []) + list(stats.agencies),
        "group_labels": stats.agencies[0].scores if stats.agencies else (),
    }
    return render(request, "statistics/public.html", context)
