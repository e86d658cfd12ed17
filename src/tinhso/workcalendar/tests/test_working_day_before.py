"""calendar.working_day_before: the last working day strictly before a date (Mẫu 04's
deadline, dossiers.decisions)."""

from datetime import date

import pytest

from tinhso.workcalendar import calendar
from tinhso.workcalendar.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_skips_weekends_and_tet() -> None:
    assert calendar.working_day_before(date(2025, 3, 4)) == date(2025, 3, 3)  # Tue → Mon
    assert calendar.working_day_before(date(2025, 3, 3)) == date(2025, 2, 28)  # Mon → Fri
    assert calendar.working_day_before(date(2025, 3, 2)) == date(2025, 2, 28)  # Sun → Fri
    # Tết Bính Ngọ 2026: Mon 16 – Fri 20/2 off; before Mon 23/2 comes Fri 13/2
    assert calendar.working_day_before(date(2026, 2, 23)) == date(2026, 2, 13)
    assert calendar.working_day_before(date(2026, 9, 3)) == date(2026, 8, 28)  # 31/8–2/9 off


def test_follows_days_declared_by_the_admin() -> None:
    CalendarDay.objects.create(date=date(2025, 3, 1), is_working_day=True, reason="Làm bù")
    assert calendar.working_day_before(date(2025, 3, 3)) == date(2025, 3, 1)
