"""Per-day overrides of the working-day calendar, edited by administrators.

The `holidays` library gives the statutory holidays (Bộ luật Lao động 2019, Điều 112) and the
make-up days; this table holds what each year's notices add or change: the Tết days and the
second National Day fixed by the Bộ Nội vụ, swapped days (a weekday off, a Saturday worked) and
any day the library does not know. A row here always wins over the library.
"""

from django.db import models


class CalendarDay(models.Model):
    date = models.DateField("ngày", unique=True)
    is_working_day = models.BooleanField(
        "là ngày làm việc",
        default=False,
        help_text="Bỏ chọn: ngày nghỉ (lễ, Tết, nghỉ bù, hoán đổi). "
        "Chọn: ngày làm việc (ví dụ thứ Bảy làm bù).",
    )
    reason = models.CharField(
        "lý do", max_length=200, help_text="Ví dụ: Nghỉ Tết Nguyên đán theo Thông báo …"
    )
    legal_basis = models.CharField("căn cứ pháp lý", max_length=200, blank=True)

    class Meta:
        verbose_name = "ngày đặc biệt trong năm"
        verbose_name_plural = "ngày đặc biệt trong năm"
        ordering = ["date"]

    def __str__(self) -> str:
        kind = "làm việc" if self.is_working_day else "nghỉ"
        return f"{self.date:%d/%m/%Y} ({kind}): {self.reason}"
