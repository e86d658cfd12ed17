"""What one dashboard page shows, read from tinhso.statistics (the figures are theirs).

The page is built from the statistics selectors only (one `report` read for all its
groupings); the two dossier
lists come from tinhso.dashboard.selectors. Every figure on the page is also in a table, and
each chart is drawn from exactly the numbers of its table (chart_data below).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tinhso.dashboard.selectors import Scope
from tinhso.statistics import selectors as stats
from tinhso.statistics.figures import GROUP_766_ORDER, Figures, Index766Row


@dataclass
class Dashboard:
    date_from: date
    date_to: date
    scope: Scope
    total: Figures
    months: list[Figures]
    parts: list[Figures]  # per agency (province page) or per procedure (agency page)
    parts_by: str  # "agency" | "procedure"
    index: list[Index766Row]  # the unit itself first, then its parts
    chart_data: dict = field(default_factory=dict)


def build(date_from: date, date_to: date, scope: Scope, *, by_agency: bool) -> Dashboard:
    common = {
        "agency_ids": scope.agency_ids,
        "field_id": scope.field_id,
        "procedure_id": scope.procedure_id,
    }
    parts_by = "agency" if by_agency else "procedure"
    read = stats.report(
        date_from,
        date_to,
        group_by=("province", "month", parts_by),
        index_levels=("province", parts_by),
        **common,
    )
    total = read.figures["province"][0]
    months = read.figures["month"]
    parts = [
        f
        for f in read.figures[parts_by]
        if f.received.total or f.resolved.total or f.in_progress.total
    ]
    index = read.index["province"] + read.index[parts_by]
    board = Dashboard(date_from, date_to, scope, total, months, parts, parts_by, index)
    board.chart_data = chart_data(board)
    return board


def chart_data(board: Dashboard) -> dict:
    """The numbers the charts draw (the same as the tables beside them)."""
    return {
        "trend": {
            "labels": [m.label for m in board.months],
            "series": [
                {"label": "Tiếp nhận", "data": [m.received.new for m in board.months]},
                {
                    "label": "Giải quyết đúng hạn",
                    "data": [m.resolved.in_time for m in board.months],
                },
                {"label": "Giải quyết quá hạn", "data": [m.resolved.late for m in board.months]},
            ],
        },
        "parts": {
            "labels": [p.label for p in board.parts],
            "series": [
                _series("Đúng hạn", "in_time", [p.resolved.in_time for p in board.parts]),
                _series("Quá hạn", "late", [p.resolved.late for p in board.parts]),
                _series("Đang giải quyết", "open", [p.in_progress.total for p in board.parts]),
            ],
        },
    }


def _series(label: str, tone: str, data: list[int]) -> dict:
    """One data set; `tone` picks its colour in dashboard.js (late is always red)."""
    return {"label": label, "tone": tone, "data": data}


def group_rows(index: list[Index766Row]) -> list[tuple[Index766Row, list]]:
    """Each unit with its groups in the order of GROUP_766_ORDER."""
    return [(row, [row.group(code) for code in GROUP_766_ORDER]) for row in index]


def as_percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else (value * 100).quantize(Decimal("0.1"))
