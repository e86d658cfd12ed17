"""/api/v1/statistics: the figures of the TTHC report and the 766 groups, as JSON.

Authentication: `Authorization: Bearer <token>` or the signed-in session. Staff only: a
province leader or system administrator reads the province, an agency's leader their agency
(tinhso.statistics.access.statistics_scope); anyone else gets 403.
"""

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field as SchemaField
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from tinhso.accounts.tokens import api_auth, api_user
from tinhso.api_common import InputSchema, errors
from tinhso.statistics import selectors
from tinhso.statistics.access import StatisticsNotAllowed
from tinhso.statistics.figures import Figures, Index766Row
from tinhso.statistics.params import ParamError, Params, resolve

router = Router(auth=api_auth())

# Figures exist from the province's first dossiers; a date outside this range names no
# period worth counting (and year 1 or 9999 would overflow the +07:00 conversions).
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
DAY_RANGE = "yyyy-mm-dd, từ 2000-01-01 đến 2099-12-31"
CODE_LENGTH = 30
GroupBy = Literal["province", "agency", "field", "procedure", "month"]


class _PeriodQuery(InputSchema):
    date_from: date = SchemaField(
        ..., alias="from", ge=FIRST_DAY, le=LAST_DAY, description="từ ngày, " + DAY_RANGE
    )
    date_to: date = SchemaField(
        ..., alias="to", ge=FIRST_DAY, le=LAST_DAY, description="đến ngày, " + DAY_RANGE
    )
    agency: str | None = SchemaField(None, max_length=CODE_LENGTH, description="mã cơ quan")
    field: str | None = SchemaField(None, max_length=CODE_LENGTH, description="mã lĩnh vực")
    procedure: str | None = SchemaField(None, max_length=CODE_LENGTH, description="mã thủ tục")

    def params(self, group_by: GroupBy = "province") -> Params:
        return Params(
            **{"from": self.date_from, "to": self.date_to},
            agency=self.agency,
            field=self.field,
            procedure=self.procedure,
            group_by=group_by,
        )


class StatisticsQuery(_PeriodQuery):
    group_by: GroupBy = "province"


class ReceivedOut(Schema):
    carried_over: int
    new: int
    online: int
    counter: int
    postal: int
    national_portal: int
    total: int


class ResolvedOut(Schema):
    early: int
    on_time: int
    late: int
    total: int
    in_time_ratio: Decimal | None


class InProgressOut(Schema):
    in_time: int
    overdue: int
    total: int
    as_of: date | None


class SatisfactionOut(Schema):
    rated: int
    satisfied: int
    dissatisfied: int
    ratio: Decimal | None


class StepsOut(Schema):
    received: int
    done_early: int
    done_on_time: int
    done_late: int
    closed: int
    in_progress_in_time: int
    in_progress_overdue: int


class FiguresOut(Schema):
    key: str
    label: str
    date_from: date
    date_to: date
    received: ReceivedOut
    resolved: ResolvedOut
    in_progress: InProgressOut
    refused: int
    refused_reception: int
    withdrawn: int
    stopped: int
    returned: int
    supplement_requests: int
    extensions: int
    average_working_days: Decimal | None
    satisfaction: SatisfactionOut
    steps: StepsOut | None = None


class GroupOut(Schema):
    code: str
    label: str
    numerator: int
    denominator: int
    ratio: Decimal | None
    numerator_label: str
    denominator_label: str
    basis: str
    note: str


class GroupScoreOut(Schema):
    code: str
    label: str
    max_points: int
    points: Decimal | None
    metrics: list[str]  # the codes of its metrics in `groups`


class Index766Out(Schema):
    key: str
    label: str
    groups: list[GroupOut]
    scores: list[GroupScoreOut] = []
    points: Decimal | None = None
    max_points: int = 0


def figures_out(f: Figures) -> dict:
    data = asdict(f)
    data["key"] = str(f.key)
    data["received"]["total"] = f.received.total
    data["resolved"].update(total=f.resolved.total, in_time_ratio=f.resolved.in_time_ratio)
    data["in_progress"]["total"] = f.in_progress.total
    data["satisfaction"]["ratio"] = f.satisfaction.ratio
    return data


def index_out(row: Index766Row) -> dict:
    groups = [{**asdict(g), "ratio": g.ratio} for g in row.groups]
    scores = [
        {
            "code": sc.code,
            "label": sc.label,
            "max_points": sc.max_points,
            "points": sc.points,
            "metrics": [m.code for m in sc.metrics],
        }
        for sc in row.scores
    ]
    return {
        "key": str(row.key),
        "label": row.label,
        "groups": groups,
        "scores": scores,
        "points": row.points,
        "max_points": row.max_points,
    }


def _resolve(request: HttpRequest, params: Params):
    try:
        return resolve(api_user(request), params)
    except StatisticsNotAllowed as exc:
        raise HttpError(403, str(exc)) from exc
    except ParamError as exc:
        raise HttpError(422, str(exc)) from exc


@router.get(
    "",
    response={200: list[FiguresOut], **errors(401, 403, 422)},
    summary="Số liệu tình hình, kết quả giải quyết TTHC",
)
def statistics(request: HttpRequest, query: Query[StatisticsQuery]) -> list[dict[str, Any]]:
    """Received (carried over / new, by channel), resolved early / on time / late, in progress
    in time / overdue, refused, withdrawn, supplement requests, extensions, average working
    days and satisfaction, per `group_by` (province, agency, field, procedure, month).
    `agency`, `field`, `procedure` are codes (mã định danh cơ quan, mã lĩnh vực, mã thủ tục);
    dates yyyy-mm-dd, both included (Thông tư 03/2025/TT-VPCP)."""
    q = _resolve(request, query.params(query.group_by))
    rows = selectors.figures(
        q.date_from,
        q.date_to,
        agency_ids=q.agency_ids,
        field_id=q.field_id,
        procedure_id=q.procedure_id,
        group_by=q.group_by,
    )
    return [figures_out(f) for f in rows]


class Index766Query(_PeriodQuery):
    level: Literal["province", "agency", "procedure"] = "province"


@router.get(
    "/766",
    response={200: list[Index766Out], **errors(401, 403, 422)},
    summary="Các nhóm chỉ số theo Quyết định 766",
)
def index_766(request: HttpRequest, params: Query[Index766Query]) -> list[dict[str, Any]]:
    """Numerator, denominator and ratio of each Bộ chỉ số 766 group our data feeds, per
    `level` (province → agency → procedure drill-down)."""
    q = _resolve(request, params.params())
    rows = selectors.index_766(
        q.date_from,
        q.date_to,
        agency_ids=q.agency_ids,
        field_id=q.field_id,
        procedure_id=q.procedure_id,
        level=params.level,
    )
    return [index_out(r) for r in rows]
