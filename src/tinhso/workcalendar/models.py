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


class CalendarYear(models.Model):
    """Whether a year's holidays are confirmed by the Government's yearly notice.

    Bộ luật Lao động 2019, Điều 112 khoản 3: the Prime Minister fixes the Tết days (and the day
    next to 2/9) each year; the yearly Thông báo of Bộ LĐTBXH (from 2025 Bộ Nội vụ) announces
    them. Until that notice is entered and this year is marked confirmed, the holidays taken
    from the `holidays` library for the year are only "dự kiến" (provisional).
    """

    year = models.PositiveSmallIntegerField("năm", unique=True)
    confirmed = models.BooleanField(
        "đã có thông báo chính thức",
        default=False,
        help_text="Chọn khi các ngày nghỉ của năm đã được đối chiếu với thông báo hằng năm "
        "và nhập vào danh sách ngày đặc biệt.",
    )
    notice = models.CharField(
        "thông báo",
        max_length=200,
        blank=True,
        help_text="Số hiệu, ngày và cơ quan ban hành, ví dụ Thông báo 9441/TB-BNV ngày 16/10/2025.",
    )

    class Meta:
        verbose_name = "năm lịch nghỉ lễ"
        verbose_name_plural = "năm lịch nghỉ lễ"
        ordering = ["-year"]

    def __str__(self) -> str:
        state = "đã xác nhận" if self.confirmed else "dự kiến"
        return f"Năm {self.year} ({state})"
