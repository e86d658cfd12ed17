"""The figures statistics hands out: plain, typed, frozen dataclasses.

PUBLIC INTERFACE (stable; the dashboard pages code against it — change only by adding fields)
==========================================================================================

Selectors, in tinhso.statistics.selectors (all dates are `datetime.date`, both ends included,
days in the province's time zone):

    figures(date_from, date_to, *, agency_ids=None, field_id=None, procedure_id=None,
            group_by="province", now=None) -> list[Figures]
        group_by: "province" | "agency" | "field" | "procedure" | "month".
        One Figures per group, ordered by label ("month": chronological; "province": one row).
        A dossier counts once, under its COMPETENT agency (cơ quan giải quyết). With
        group_by="agency" each row also carries `steps` (StepFigures): the agency's own share of
        the work, where a liên thông dossier counts once per agency it passed through.
        agency_ids=None means the whole province; a list restricts to those agencies.

    index_766(date_from, date_to, *, agency_ids=None, field_id=None, procedure_id=None,
              level="province", now=None) -> list[Index766Row]
        level: "province" | "agency" | "procedure". Each row: the five groups (Group766) our
        data feeds, in the order of GROUP_766_ORDER.

    report(date_from, date_to, *, agency_ids=None, field_id=None, procedure_id=None,
           group_by=("province",), index_levels=(), now=None) -> Report
        Several groupings at once from one read of each source: Report.figures[grouping] is
        what figures(group_by=grouping) returns, Report.index[level] what index_766(level=).

    at_risk(user, *, now=None, limit=50) -> AtRisk
        The dossiers in progress the user may see (dossiers.access.readable_dossiers) that
        are overdue now, and those due within 2 working days (dossiers.selectors.soon_limit).

    Who may read which figures: tinhso.statistics.access.statistics_scope(user).

Ratios are Decimal 0–1 (4 places) or None when the denominator is 0; `percent` gives 0–100.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def ratio(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )


def percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else (value * 100).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Received:
    """Hồ sơ nhận giải quyết: tồn kỳ trước chuyển sang + tiếp nhận mới trong kỳ.

    `new` = online + counter + postal + national_portal (kênh nộp of the dossiers received in
    the period; "received" = validly received, tiếp nhận, per Nghị định 118/2025/NĐ-CP)."""

    carried_over: int = 0
    new: int = 0
    online: int = 0
    counter: int = 0
    postal: int = 0
    national_portal: int = 0

    @property
    def total(self) -> int:
        return self.carried_over + self.new

    @property
    def online_total(self) -> int:
        """Trực tuyến, counting the national portal (Cổng DVC quốc gia) too."""
        return self.online + self.national_portal


@dataclass(frozen=True)
class Resolved:
    """Hồ sơ đã giải quyết (kết quả đã phê duyệt) in the period, by the legal deadline."""

    early: int = 0
    on_time: int = 0
    late: int = 0

    @property
    def total(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def in_time(self) -> int:
        return self.early + self.on_time

    @property
    def in_time_ratio(self) -> Decimal | None:
        return ratio(self.in_time, self.total)


@dataclass(frozen=True)
class InProgress:
    """Hồ sơ đang giải quyết at `as_of` (now, or the end of the period when it is past)."""

    in_time: int = 0
    overdue: int = 0
    as_of: date | None = None

    @property
    def total(self) -> int:
        return self.in_time + self.overdue


@dataclass(frozen=True)
class SatisfactionFigures:
    """Đánh giá trong kỳ (tinhso.ratings): satisfied = rất hài lòng + hài lòng."""

    rated: int = 0
    satisfied: int = 0
    dissatisfied: int = 0

    @property
    def ratio(self) -> Decimal | None:
        return ratio(self.satisfied, self.rated)


@dataclass(frozen=True)
class StepFigures:
    """One agency's own share of the work (liên thông: once per agency it passed through).

    received = times a dossier arrived at the agency; done_* = times it left the agency with
    its last step there finished early / on time / late; closed = left because the dossier was
    refused, withdrawn or stopped while there; in progress counts the live active steps."""

    received: int = 0
    done_early: int = 0
    done_on_time: int = 0
    done_late: int = 0
    closed: int = 0
    in_progress_in_time: int = 0
    in_progress_overdue: int = 0

    @property
    def done(self) -> int:
        return self.done_early + self.done_on_time + self.done_late


@dataclass(frozen=True)
class Figures:
    """All figures of one row: province, an agency, a field, a procedure or a month.

    key: "province" | agency id | field id | procedure id | "YYYY-MM"; label in Vietnamese.
    refused counts từ chối giải quyết after reception; refused_reception the dossiers refused
    at reception (never received, so not in `received`). average_working_days: mean working
    days from reception to result of the dossiers resolved in the period (workcalendar),
    supplement waits excluded; None when nothing was resolved."""

    key: str | int
    label: str
    date_from: date
    date_to: date
    received: Received = field(default_factory=Received)
    resolved: Resolved = field(default_factory=Resolved)
    in_progress: InProgress = field(default_factory=InProgress)
    refused: int = 0
    refused_reception: int = 0
    withdrawn: int = 0
    stopped: int = 0
    returned: int = 0
    supplement_requests: int = 0
    extensions: int = 0
    average_working_days: Decimal | None = None
    satisfaction: SatisfactionFigures = field(default_factory=SatisfactionFigures)
    steps: StepFigures | None = None


# The Bộ chỉ số 766 groups our data feeds (Quyết định 766/QĐ-TTg ngày 23/6/2022), keys of the
# national portal's API (regulations.md §9.1).
TRANSPARENCY = "transparency"
PROGRESS = "dvc-progress-tree"
ONLINE = "provide-online-tree"
SATISFACTION = "handling-satisfaction"
DIGITISED = "dossier-digitized"
ONLINE_PAYMENT = "formality-online-payment-tree"
# The main metric of each group, one per column where a page shows one figure per group.
GROUP_766_ORDER = (TRANSPARENCY, PROGRESS, ONLINE, SATISFACTION, DIGITISED, ONLINE_PAYMENT)


@dataclass(frozen=True)
class Group766:
    """One metric of a 766 group: numerator / denominator = ratio, with what each counts."""

    code: str
    label: str
    numerator: int
    denominator: int
    numerator_label: str
    denominator_label: str
    basis: str
    note: str = ""

    @property
    def ratio(self) -> Decimal | None:
        return ratio(self.numerator, self.denominator)

    @property
    def percent(self) -> Decimal | None:
        return percent(self.ratio)


@dataclass(frozen=True)
class Score766:
    """One group of the 766 index with its points (tinhso.statistics.index766.POINTS):
    `points` = max_points × the mean of its metrics' ratios (those with a denominator);
    None when none of them has anything to count."""

    code: str
    label: str
    max_points: int
    metrics: tuple[Group766, ...]

    @property
    def points(self) -> Decimal | None:
        ratios = [m.ratio for m in self.metrics if m.ratio is not None]
        if not ratios:
            return None
        mean = sum(ratios, Decimal(0)) / len(ratios)
        return (mean * self.max_points).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Index766Row:
    """The 766 groups of one unit: key "province" | agency id | procedure id.

    `groups`: every metric (Group766), flat; `scores`: the groups with their points."""

    key: str | int
    label: str
    groups: tuple[Group766, ...]
    scores: tuple[Score766, ...] = ()

    def group(self, code: str) -> Group766:
        return next(g for g in self.groups if g.code == code)

    @property
    def points(self) -> Decimal | None:
        """Σ points of the groups that have something to count (None when none has)."""
        found = [s.points for s in self.scores if s.points is not None]
        return sum(found, Decimal(0)) if found else None

    @property
    def max_points(self) -> int:
        """Σ max points of the groups counted in `points` (100 when all of them are)."""
        return sum(s.max_points for s in self.scores if s.points is not None)


@dataclass(frozen=True)
class AtRisk:
    """Dossiers in progress: overdue now, and due within two working days (sắp đến hạn).

    Lists of tinhso.dossiers.models.Dossier (select_related procedure_version,
    competent_agency), most urgent first; counts are the full numbers, lists at most `limit`."""

    overdue: list
    due_soon: list
    overdue_count: int
    due_soon_count: int
