"""Mark 2025 and 2026 confirmed: their yearly notices are entered by migration 0002."""

from django.db import migrations

NOTICES = {
    2025: "Thông báo 6150/TB-BLĐTBXH năm 2024 của Bộ Lao động – Thương binh và Xã hội",
    2026: "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ",
}


def seed(apps, schema_editor):
    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    for year, notice in NOTICES.items():
        CalendarYear.objects.get_or_create(
            year=year, defaults={"confirmed": True, "notice": notice}
        )


def unseed(apps, schema_editor):
    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    CalendarYear.objects.filter(year__in=list(NOTICES)).delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0003_calendar_year_notice")]

    operations = [migrations.RunPython(seed, unseed)]
