"""Seed the days fixed by the 2025 and 2026 notices (not by the Labour Code text itself).

`holidays` 0.109 (installed when this was written) already models all of them except the
New Year 2026 swap (Fri 02/01 off, Sat 10/01 worked). They are all written here anyway: the
notices, not the library, are the authority; an older `holidays` (pyproject allows >=0.108) may
not carry them; and administrators see and can correct the whole list in one place. A
"(chưa đối chiếu)" marks what was not checked against the official text.
"""

from datetime import date

from django.db import migrations

TB_6150 = "Thông báo 6150/TB-BLĐTBXH năm 2024 của Bộ Lao động – Thương binh và Xã hội"
TB_9441 = "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"
BLLD_112 = "Bộ luật Lao động 2019, Điều 112"

TET_2025 = f"Nghỉ Tết Nguyên đán Ất Tỵ theo {TB_6150}"
TET_2026 = f"Nghỉ Tết Nguyên đán Bính Ngọ theo {TB_9441}"
SWAP_2025 = (
    "Hoán đổi ngày làm việc dịp 30/4 – 1/5/2025 được Thủ tướng Chính phủ đồng ý "
    "(số hiệu văn bản chưa đối chiếu)"
)
SWAP_NEW_YEAR_2026 = (
    "Văn bản 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ; thông báo của Bộ Nội vụ "
    "ngày 25/12/2025 (số hiệu chưa đối chiếu)"
)

# (date, is_working_day, reason, legal_basis)
DAYS: list[tuple[date, bool, str, str]] = [
    *[(date(2025, 1, d), False, TET_2025, f"{TB_6150}; {BLLD_112}") for d in range(27, 32)],
    (date(2025, 4, 26), True, "Làm bù cho ngày nghỉ thứ Sáu 02/5/2025", SWAP_2025),
    (date(2025, 5, 2), False, "Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 26/4/2025)", SWAP_2025),
    (
        date(2025, 9, 1),
        False,
        "Nghỉ lễ Quốc khánh: ngày liền kề trước 2/9",
        f"{TB_6150} (phần Quốc khánh chưa đối chiếu); {BLLD_112}",
    ),
    (
        date(2026, 1, 2),
        False,
        "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)",
        SWAP_NEW_YEAR_2026,
    ),
    (date(2026, 1, 10), True, "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026", SWAP_NEW_YEAR_2026),
    *[(date(2026, 2, d), False, TET_2026, f"{TB_9441}; {BLLD_112}") for d in range(16, 21)],
    (date(2026, 8, 22), True, "Làm bù cho ngày nghỉ thứ Hai 31/8/2026", TB_9441),
    (
        date(2026, 8, 31),
        False,
        "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)",
        TB_9441,
    ),
    (
        date(2026, 9, 1),
        False,
        f"Nghỉ lễ Quốc khánh: ngày liền kề trước 2/9 theo {TB_9441}",
        f"{TB_9441}; {BLLD_112}",
    ),
    (
        date(2026, 11, 24),
        False,
        "Nghỉ Ngày Văn hóa Việt Nam 24/11, hưởng nguyên lương (chưa đối chiếu)",
        "Nghị quyết 80-NQ/TW của Bộ Chính trị; sửa đổi Điều 112 Bộ luật Lao động "
        "(Nghị quyết 28/2026/QH16, chưa đối chiếu)",
    ),
]


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("workcalendar", "CalendarDay")
    for day, working, reason, basis in DAYS:
        CalendarDay.objects.get_or_create(
            date=day,
            defaults={"is_working_day": working, "reason": reason, "legal_basis": basis},
        )


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("workcalendar", "CalendarDay")
    CalendarDay.objects.filter(date__in=[day for day, *_ in DAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
