from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from tinhso.audit.admin import AuditedAdmin
from tinhso.workcalendar import calendar
from tinhso.workcalendar.models import CalendarDay, CalendarYear

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
PROVISIONAL = "dự kiến"


class YearFilter(admin.SimpleListFilter):
    title = "năm"
    parameter_name = "nam"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[CalendarDay]
    ) -> QuerySet[CalendarDay]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "weekday", "is_working_day", "reason", "legal_basis"]
    list_filter = [YearFilter, "is_working_day"]
    search_fields = ["reason", "legal_basis"]
    ordering = ["date"]

    @admin.display(description="thứ")
    def weekday(self, obj: CalendarDay) -> str:
        return WEEKDAYS[obj.date.weekday()]


def _holidays_of_year(year: int) -> list[tuple[str, str, str, str]]:
    """(date, weekday, name, status) of every day off of `year`: the library's and the table's."""
    days = calendar.library_holidays(year)
    for row in CalendarDay.objects.filter(date__year=year):
        if row.is_working_day:
            days.pop(row.date, None)
        else:
            days[row.date] = row.reason
    return [
        (
            f"{day:%d/%m/%Y}",
            WEEKDAYS[day.weekday()],
            name,
            PROVISIONAL if calendar.is_provisional_holiday(day) else "theo thông báo",
        )
        for day, name in sorted(days.items())
    ]


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedAdmin):
    """Which years' holidays the yearly notice confirms (Bộ luật Lao động 2019, Điều 112)."""

    list_display = ["year", "confirmed", "notice", "provisional_count"]
    list_filter = ["confirmed"]
    readonly_fields = ["holidays"]
    fields = ["year", "confirmed", "notice", "holidays"]

    @admin.display(description="số ngày nghỉ dự kiến")
    def provisional_count(self, obj: CalendarYear) -> int:
        return sum(status == PROVISIONAL for *_, status in _holidays_of_year(obj.year))

    @admin.display(description="ngày nghỉ trong năm")
    def holidays(self, obj: CalendarYear) -> SafeString:
        if not obj.year:
            return format_html("{}", "Lưu năm để xem danh sách ngày nghỉ.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            _holidays_of_year(obj.year),
        )
        return format_html(
            "<table><thead><tr><th scope='col'>Ngày</th><th scope='col'>Thứ</th>"
            "<th scope='col'>Ngày nghỉ</th><th scope='col'>Tình trạng</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )
