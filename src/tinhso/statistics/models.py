"""Daily and monthly aggregates kept up to date on every dossier transition
(tinhso.statistics.services).

Report figures per TT 03/2025/TT-VPCP (báo cáo tình hình, kết quả giải quyết TTHC) are sums
of these rows over a period, so a year's province report reads a few thousand rows, not two
million dossiers. `manage.py statistics_rebuild` recomputes them exactly from the dossiers.
"""

from django.db import models

COUNTERS = (
    "submitted",
    "received",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "refused",
    "refused_reception",
    "withdrawn",
    "stopped",
    "returned",
    "left_open",
    "supplement_requests",
    "extensions",
    "digitised",
    "results_digitised",
    "received_with_fees",
    "rated",
    "satisfied",
    "components",
    "components_digitised",
    "components_reused",
    "paid_online",
)

STEP_COUNTERS = ("received", "done_early", "done_on_time", "done_late", "closed")


class FiguresRow(models.Model):
    """One day (or month) × competent agency × procedure × channel: each dossier counted once.

    left_open = dossiers that had been received and stopped being in progress that day
    (resolved, refused, withdrawn or stopped): carried over into a period = Σ received −
    Σ left_open over the days before it. rated / satisfied = evaluations given that day
    (tinhso.ratings; satisfied = rất hài lòng + hài lòng). working_days = Σ working days from
    reception to result of the dossiers resolved that day (tinhso.workcalendar, supplement
    waits excluded).
    """

    day = models.DateField("ngày")
    agency = models.ForeignKey(
        "organisation.Agency", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    procedure = models.ForeignKey(
        "catalogue.Procedure", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    field = models.ForeignKey(
        "catalogue.Field", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    channel = models.CharField("kênh nộp", max_length=20)
    online_enabled = models.BooleanField("thủ tục có dịch vụ công trực tuyến", default=False)
    submitted = models.PositiveIntegerField(default=0)
    received = models.PositiveIntegerField(default=0)
    resolved_early = models.PositiveIntegerField(default=0)
    resolved_on_time = models.PositiveIntegerField(default=0)
    resolved_late = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    refused_reception = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    stopped = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    left_open = models.PositiveIntegerField(default=0)
    supplement_requests = models.PositiveIntegerField(default=0)
    extensions = models.PositiveIntegerField(default=0)
    digitised = models.PositiveIntegerField(default=0)
    results_digitised = models.PositiveIntegerField(default=0)
    received_with_fees = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField("lượt đánh giá", default=0)
    satisfied = models.PositiveIntegerField("đánh giá hài lòng, rất hài lòng", default=0)
    # Bộ chỉ số 766 (tinhso.statistics.index766), counted at reception: the papers
    # (thành phần hồ sơ) received, those with an electronic copy, those taken from the
    # applicant's data store (Thông tư 01/2023/TT-VPCP); dossiers with a fee due paid online.
    components = models.PositiveIntegerField("thành phần hồ sơ tiếp nhận", default=0)
    components_digitised = models.PositiveIntegerField("thành phần hồ sơ số hóa", default=0)
    components_reused = models.PositiveIntegerField(
        "thành phần hồ sơ lấy từ kho dữ liệu", default=0
    )
    paid_online = models.PositiveIntegerField("hồ sơ thanh toán trực tuyến", default=0)
    working_days = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.agency_id} {self.procedure_id} {self.channel}"


FIGURES_KEY = ["day", "agency", "procedure", "field", "channel", "online_enabled"]


class DailyFigures(FiguresRow):
    """Per day: the edges of a period (its first and last, incomplete months)."""

    class Meta:
        verbose_name = "số liệu ngày"
        verbose_name_plural = "số liệu ngày"
        constraints = [models.UniqueConstraint(fields=FIGURES_KEY, name="daily_figures_key")]
        indexes = [models.Index(fields=["agency", "day"], name="daily_figures_agency_day")]


class MonthlyFigures(FiguresRow):
    """The same per month (`day` = the 1st): the whole months of a period, so a year's
    report sums twelve months of rows plus at most two partial months of days."""

    class Meta:
        verbose_name = "số liệu tháng"
        verbose_name_plural = "số liệu tháng"
        constraints = [models.UniqueConstraint(fields=FIGURES_KEY, name="monthly_figures_key")]
        indexes = [models.Index(fields=["agency", "day"], name="monthly_figures_agency_day")]


class StepFiguresRow(models.Model):
    """One day (or month) × agency × procedure of the agencies' own work (a liên thông
    dossier counts once per agency it passes through): arrivals at the agency and departures
    from it, classified by the timeliness of its last step there (Mẫu 06 phiếu kiểm soát,
    TT 03/2025/TT-VPCP)."""

    day = models.DateField("ngày")
    agency = models.ForeignKey(
        "organisation.Agency", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    procedure = models.ForeignKey(
        "catalogue.Procedure", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    received = models.PositiveIntegerField(default=0)
    done_early = models.PositiveIntegerField(default=0)
    done_on_time = models.PositiveIntegerField(default=0)
    done_late = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.agency_id} {self.procedure_id}"


class DailyStepFigures(StepFiguresRow):
    class Meta:
        verbose_name = "số liệu ngày theo bước"
        verbose_name_plural = "số liệu ngày theo bước"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "procedure"], name="daily_step_figures_key"
            )
        ]


class MonthlyStepFigures(StepFiguresRow):
    """The same per month (`day` = the 1st)."""

    class Meta:
        verbose_name = "số liệu tháng theo bước"
        verbose_name_plural = "số liệu tháng theo bước"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "procedure"], name="monthly_step_figures_key"
            )
        ]


class MonthEndFigures(models.Model):
    """Dossiers in progress at the end of a past month (00:00 of the next month's first day),
    and how many of them were overdue then: the month's "đang giải quyết: trong hạn / quá
    hạn" (Thông tư 03/2025/TT-VPCP), which cannot be summed from transitions because a dossier
    becomes overdue without any. Written once the month has ended (tinhso.statistics.month_ends);
    `day` is the month's first day."""

    day = models.DateField("tháng")
    agency = models.ForeignKey(
        "organisation.Agency", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    procedure = models.ForeignKey(
        "catalogue.Procedure", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    field = models.ForeignKey(
        "catalogue.Field", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    in_progress = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "số liệu cuối tháng"
        verbose_name_plural = "số liệu cuối tháng"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "procedure", "field"], name="month_end_figures_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%m/%Y} {self.agency_id} {self.procedure_id}"


class ClosedMonth(models.Model):
    """A month whose MonthEndFigures are written (none may be: nothing was in progress)."""

    day = models.DateField("tháng", unique=True)
    closed_at = models.DateTimeField("thời điểm chốt")

    class Meta:
        verbose_name = "tháng đã chốt số liệu"
        verbose_name_plural = "tháng đã chốt số liệu"

    def __str__(self) -> str:
        return f"{self.day:%m/%Y}"
